package io.siyu.shared;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/**
 * Which database Siyu runs on. The schema and nearly every statement are the same on H2 and PostgreSQL; where
 * PostgreSQL has an index H2 lacks (GIN over search grams, {@code db/vendor/postgresql}), the statement that uses it
 * asks here.
 */
@Component
public class Database {

	private final boolean postgres;

	public Database(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			this.postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
		}
	}

	public boolean isPostgres() {
		return postgres;
	}
}
