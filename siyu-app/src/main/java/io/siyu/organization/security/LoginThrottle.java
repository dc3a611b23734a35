package io.siyu.organization.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.siyu.shared.Timestamps;

/** Counts failed logins per username and per client address in the database, so every node sees them. */
@Component
class LoginThrottle {

	private final JdbcClient jdbc;

	private final LoginSettings settings;

	private final Clock clock;

	LoginThrottle(JdbcClient jdbc, LoginSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.clock = clock;
	}

	/** When the username or address is locked: until when. */
	Optional<Instant> lockedUntil(String username, String address) {
		Instant now = clock.instant();
		return jdbc.sql("select locked_until from login_attempt where principal in (?, ?) and locked_until > ?")
			.params(userKey(username), addressKey(address), Timestamps.of(now))
			.query((rs, i) -> Timestamps.get(rs, "locked_until"))
			.list()
			.stream()
			.max(Instant::compareTo);
	}

	void failed(String username, String address) {
		record(userKey(username), settings.maxFailures());
		record(addressKey(address), settings.maxFailuresPerAddress());
	}

	void succeeded(String username) {
		jdbc.sql("delete from login_attempt where principal = ?").param(userKey(username)).update();
	}

	private void record(String key, int max) {
		Instant now = clock.instant();
		Instant windowStart = now.minus(settings.window());
		int updated = jdbc.sql("update login_attempt set failures = case when window_start < ? then 1 else failures + 1 end,"
				+ " window_start = case when window_start < ? then ? else window_start end where principal = ?")
			.params(Timestamps.of(windowStart), Timestamps.of(windowStart), Timestamps.of(now), key)
			.update();
		if (updated == 0) {
			try {
				jdbc.sql("insert into login_attempt (principal, failures, window_start) values (?, 1, ?)")
					.params(key, Timestamps.of(now))
					.update();
			}
			catch (DuplicateKeyException raced) {
				record(key, max);
				return;
			}
		}
		jdbc.sql("update login_attempt set locked_until = ? where principal = ? and failures >= ?")
			.params(Timestamps.of(now.plus(settings.lockout())), key, max)
			.update();
	}

	private static String userKey(String username) {
		return "user:" + (username == null ? "" : username.toLowerCase());
	}

	private static String addressKey(String address) {
		return "addr:" + (address == null ? "unknown" : address);
	}
}
