package io.siyu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.siyu.TestDatabase;

/**
 * An upgrade from a version that kept completed event publications removes them and keeps the ones still owed, on the
 * database of this run (H2, or a PostgreSQL database of its own).
 */
class CompletedPublicationsMigrationTest {

	private static final String SERVER = System.getenv().getOrDefault("SIYU_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");

	private static final String USER = System.getenv().getOrDefault("SIYU_TEST_PG_USER", "postgres");

	@Test
	void anUpgradeDeletesCompletedPublicationsAndKeepsTheOwedOnes() throws Exception {
		boolean postgres = TestDatabase.postgres();
		String name = "siyu_test_migration_" + System.currentTimeMillis() + "_" + ProcessHandle.current().pid();
		String url = postgres ? SERVER + name
				: "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
		String user = postgres ? USER : "sa";
		if (postgres) {
			admin("create database \"" + name + "\"");
		}
		try {
			flyway(url, user, postgres, "2026.12.05.100").migrate();
			UUID done = UUID.randomUUID();
			UUID owed = UUID.randomUUID();
			try (Connection c = DriverManager.getConnection(url, user, "")) {
				insert(c, done, Instant.now());
				insert(c, owed, null);
			}
			assertThat(ids(url, user)).containsExactlyInAnyOrder(done, owed);

			flyway(url, user, postgres, null).migrate();

			assertThat(ids(url, user)).containsExactly(owed);
		}
		finally {
			if (postgres) {
				admin("drop database if exists \"" + name + "\"");
			}
		}
	}

	private static Flyway flyway(String url, String user, boolean postgres, String target) {
		var config = Flyway.configure()
			.dataSource(url, user, "")
			.locations("classpath:db/migration", "classpath:db/vendor/" + (postgres ? "postgresql" : "h2"));
		return (target == null ? config : config.target(target)).load();
	}

	private static void insert(Connection c, UUID id, Instant completed) throws Exception {
		try (PreparedStatement st = c.prepareStatement("insert into event_publication (id, listener_id, event_type,"
				+ " serialized_event, publication_date, completion_date, status, completion_attempts)"
				+ " values (?, 'listener', 'io.siyu.Event', '{}', ?, ?, ?, 1)")) {
			st.setObject(1, id);
			st.setTimestamp(2, Timestamp.from(Instant.now().minusSeconds(60)));
			st.setTimestamp(3, completed == null ? null : Timestamp.from(completed));
			st.setString(4, completed == null ? "PUBLISHED" : "COMPLETED");
			st.executeUpdate();
		}
	}

	private static List<UUID> ids(String url, String user) throws Exception {
		List<UUID> ids = new ArrayList<>();
		try (Connection c = DriverManager.getConnection(url, user, "");
				Statement st = c.createStatement();
				ResultSet rs = st.executeQuery("select id from event_publication")) {
			while (rs.next()) {
				ids.add(rs.getObject(1, UUID.class));
			}
		}
		return ids;
	}

	private static void admin(String sql) throws Exception {
		try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
				Statement st = c.createStatement()) {
			st.execute(sql);
		}
	}
}
