package io.siyu.wecom.callback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * The durable inbox: a callback is acknowledged only after its row is committed, and a retried or duplicated
 * callback (same decrypted message) hits the unique key and is not stored twice.
 */
@Component
class CallbackInbox {

	private final TenantJdbc jdbc;

	private final JdbcClient platform;

	private final Clock clock;

	CallbackInbox(TenantJdbc jdbc, JdbcClient platform, Clock clock) {
		this.jdbc = jdbc;
		this.platform = platform;
		this.clock = clock;
	}

	/** The new row's id, or empty when this event was already stored. */
	Optional<Long> store(long corpId, String message, Map<String, String> fields) {
		return Actors.callAs(Actor.system(corpId), () -> {
			try {
				return Optional.of(jdbc.sql("insert into wecom_inbox (corp_id, dedup_key, event, change_type, payload,"
						+ " create_time, received_at) values (:corp, :key, :event, :change, :payload, :created, :now)")
					.param("key", sha256(message))
					.param("event", fields.getOrDefault("Event", fields.getOrDefault("MsgType", "unknown")))
					.param("change", fields.get("ChangeType"))
					.param("payload", message)
					.param("created", createTime(fields))
					.param("now", Timestamps.of(clock.instant()))
					.insert());
			}
			catch (DuplicateKeyException duplicate) {
				return Optional.empty();
			}
		});
	}

	/** Rows older than {@code before} not yet processed, across corps (crash recovery). */
	List<Pending> pending(Instant before, int limit) {
		return platform.sql("select id, corp_id from wecom_inbox where processed_at is null and received_at < ?"
				+ " and attempts < 10 order by id limit ?")
			.params(Timestamps.of(before), limit)
			.query((rs, i) -> new Pending(rs.getLong("id"), rs.getLong("corp_id")))
			.list();
	}

	static long createTime(Map<String, String> fields) {
		try {
			return Long.parseLong(fields.getOrDefault("CreateTime", "0"));
		}
		catch (NumberFormatException e) {
			throw new BadCallbackException("CreateTime is not a number");
		}
	}

	static String sha256(String message) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	record Pending(long id, long corpId) {
	}
}
