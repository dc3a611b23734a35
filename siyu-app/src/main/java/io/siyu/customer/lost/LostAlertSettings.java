package io.siyu.customer.lost;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lost-customer alerts ({@code siyu.customer.lost-alerts.*}).
 *
 * @param enabled          send WeCom app messages (alerts are stored either way)
 * @param managerPositions positions (职务) that make a member the manager of their unit; a member's manager is the
 *                         first such member of their unit, else of the nearest unit above
 * @param maxAttempts      sends tried before an alert is marked FAILED
 * @param sweep            how often alerts a crash or a WeCom failure left unsent are retried
 * @param lease            a send claimed longer ago than this (its node died) is tried again
 */
@ConfigurationProperties("siyu.customer.lost-alerts")
public record LostAlertSettings(@DefaultValue("true") boolean enabled,
		@DefaultValue({ "店长", "门店经理", "store manager" }) List<String> managerPositions,
		@DefaultValue("8") int maxAttempts, @DefaultValue("30s") Duration sweep, @DefaultValue("5m") Duration lease) {
}
