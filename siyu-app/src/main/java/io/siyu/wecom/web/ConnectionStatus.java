package io.siyu.wecom.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/** Reads the inbox of the current corp for the connection page. */
@Component
class ConnectionStatus {

	private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	private final TenantJdbc jdbc;

	private final Clock clock;

	ConnectionStatus(TenantJdbc jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	CallbackHealth callbacks() {
		Instant now = clock.instant();
		Instant since = now.minus(Duration.ofHours(24));
		var ts = Timestamps.of(since);
		long received = count("select count(*) from wecom_inbox where corp_id = :corp and received_at >= :since", ts);
		long processed = count("select count(*) from wecom_inbox where corp_id = :corp and received_at >= :since"
				+ " and processed_at is not null", ts);
		long failing = count("select count(*) from wecom_inbox where corp_id = :corp and received_at >= :since"
				+ " and processed_at is null and attempts > 0", ts);
		Instant last = jdbc.sql("select received_at from wecom_inbox where corp_id = :corp order by received_at desc limit 1")
			.optional((rs, i) -> Timestamps.get(rs, "received_at"))
			.orElse(null);
		Map<Long, Long> perHour = new HashMap<>();
		List<Double> lags = new ArrayList<>();
		jdbc.sql("select received_at, processed_at from wecom_inbox where corp_id = :corp and received_at >= :since"
				+ " order by received_at desc limit 20000")
			.param("since", ts)
			.list((rs, i) -> {
				Instant at = Timestamps.get(rs, "received_at");
				Instant done = Timestamps.get(rs, "processed_at");
				perHour.merge(ChronoUnit.HOURS.between(at, now), 1L, Long::sum);
				if (done != null) {
					lags.add((double) Duration.between(at, done).toMillis());
				}
				return null;
			});
		long max = perHour.values().stream().mapToLong(Long::longValue).max().orElse(0);
		List<CallbackHealth.Hour> hours = new ArrayList<>();
		for (long h = 23; h >= 0; h--) {
			long n = perHour.getOrDefault(h, 0L);
			String label = now.minus(Duration.ofHours(h)).atZone(ZONE).truncatedTo(ChronoUnit.HOURS).toLocalTime().toString();
			hours.add(new CallbackHealth.Hour(label, n, max == 0 ? 0 : (int) (n * 100 / max)));
		}
		Double lag = lags.isEmpty() ? null : lags.stream().mapToDouble(Double::doubleValue).average().orElse(0);
		return new CallbackHealth(received, processed, received - processed, failing, last, lag, hours);
	}

	private long count(String sql, java.sql.Timestamp since) {
		return jdbc.sql(sql).param("since", since).count();
	}
}
