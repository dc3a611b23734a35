package io.siyu.tagging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bulk tag jobs ({@code siyu.tagging.jobs.*}); the defaults run as they are.
 *
 * @param worker       whether this node works on jobs (every node may: items are claimed with leases)
 * @param poll         how often an idle worker looks for work
 * @param lease        how long a claim of items holds; a node that died is taken over after it
 * @param batch        items claimed at once
 * @param maxAttempts  attempts per customer when WeCom keeps failing transiently (-1, 45009, 45033, unreachable)
 * @param backoff      pause before the second attempt of a customer, doubled each time up to {@code maxBackoff}
 * @param maxBackoff   the longest pause between attempts
 * @param perSecond    mark_tag calls per second and node, on top of the gateway's per-corp quota
 * @param maxCustomers customers per job
 */
@ConfigurationProperties("siyu.tagging.jobs")
public record TagJobSettings(@DefaultValue("true") boolean worker, @DefaultValue("2s") Duration poll,
		@DefaultValue("2m") Duration lease, @DefaultValue("20") int batch, @DefaultValue("6") int maxAttempts,
		@DefaultValue("5s") Duration backoff, @DefaultValue("5m") Duration maxBackoff, @DefaultValue("50") int perSecond,
		@DefaultValue("100000") int maxCustomers) {

	Duration backoffAfter(int attempts) {
		long millis = backoff.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
		return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
	}
}
