package io.siyu.shared;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Instants in and out of JDBC, the same on H2 and PostgreSQL. */
public final class Timestamps {

	private Timestamps() {
	}

	public static Timestamp of(Instant instant) {
		return instant == null ? null : Timestamp.from(instant);
	}

	public static Instant get(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

	public static Long nullableLong(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}
}
