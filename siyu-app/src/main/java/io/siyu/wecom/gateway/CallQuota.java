package io.siyu.wecom.gateway;

import io.siyu.wecom.WeComException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Our own rate limit per corp and API, below WeCom's (10,000/min, 150,000/h per corp and path): hitting WeCom's
 * limit blocks the API for a whole minute or hour, so we wait a little instead. Buckets live in memory, one per
 * node; with several nodes, lower the limits accordingly.
 */
class CallQuota {

	private final WeComSettings.Limits limits;

	private final MeterRegistry meters;

	private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	CallQuota(WeComSettings.Limits limits, MeterRegistry meters) {
		this.limits = limits;
		this.meters = meters;
	}

	/** Takes one call from the corp's quota for the API, waiting up to the configured time; 45009 if none came. */
	void acquire(long corpId, String api) {
		Bucket bucket = buckets.computeIfAbsent(corpId + " " + api, key -> create(corpId, api));
		try {
			if (!bucket.asBlocking().tryConsume(1, limits.maxWait())) {
				throw new WeComException(WeComException.FREQUENCY_LIMIT,
						"own quota for " + api + " exhausted for corp " + corpId, null);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new WeComException(WeComException.UNREACHABLE, "interrupted while waiting for quota", e);
		}
	}

	/** Takes one call from the quota only if one is there now; 45009 otherwise (for calls that cannot wait). */
	void acquireNow(long corpId, String api) {
		Bucket bucket = buckets.computeIfAbsent(corpId + " " + api, key -> create(corpId, api));
		if (!bucket.tryConsume(1)) {
			throw new WeComException(WeComException.FREQUENCY_LIMIT,
					"own quota for " + api + " exhausted for corp " + corpId, null);
		}
	}

	private Bucket create(long corpId, String api) {
		Bucket bucket = Bucket.builder()
			.addLimit(limit -> limit.capacity(limits.perMinute()).refillGreedy(limits.perMinute(), Duration.ofMinutes(1)))
			.addLimit(limit -> limit.capacity(limits.perHour()).refillGreedy(limits.perHour(), Duration.ofHours(1)))
			.build();
		// Share of the per-minute quota in use right now (0..1): the first sign that a corp is near its limits.
		Gauge.builder("siyu.wecom.quota.used", bucket,
				b -> 1.0 - Math.min(b.getAvailableTokens(), limits.perMinute()) / (double) limits.perMinute())
			.tag("corp", Long.toString(corpId))
			.tag("api", api)
			.register(meters);
		return bucket;
	}
}
