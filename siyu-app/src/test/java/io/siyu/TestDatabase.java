package io.siyu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points every test context at the database of this run: an in-memory H2 (default) or a fresh PostgreSQL
 * database created for this JVM ({@code -Dsiyu.test.db=postgres}; server from {@code SIYU_TEST_PG_URL}, default
 * 127.0.0.1:5432, user postgres). One database per JVM: tests create their own corps and never assume an empty database.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static Map<String, Object> properties;

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("siyu-test-db", properties()));
		// demo off unless a test asks for it with @SpringBootTest(properties = "siyu.demo=true")
		context.getEnvironment().getPropertySources().addLast(new MapPropertySource("siyu-test-defaults",
				Map.of("SIYU_DEMO", "false")));
	}

	public static boolean postgres() {
		return "postgres".equalsIgnoreCase(System.getProperty("siyu.test.db", "h2"));
	}

	static synchronized Map<String, Object> properties() {
		if (properties == null) {
			Map<String, Object> props = new HashMap<>();
			if (postgres()) {
				String server = System.getenv().getOrDefault("SIYU_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
				String user = System.getenv().getOrDefault("SIYU_TEST_PG_USER", "postgres");
				String name = "siyu_test_" + System.currentTimeMillis() + "_" + ProcessHandle.current().pid();
				createDatabase(server, user, name);
				props.put("spring.datasource.url", server + name);
				props.put("spring.datasource.username", user);
				props.put("spring.datasource.password", "");
				// Spring keeps every test context alive, each with its own pool; PostgreSQL allows 100 connections in
				// all. Idle connections of the contexts not in use are given back instead of held at the pool's size.
				props.put("spring.datasource.hikari.minimum-idle", "2");
				props.put("spring.datasource.hikari.idle-timeout", "10000");
			}
			else {
				props.put("spring.datasource.url", "jdbc:h2:mem:siyu-" + UUID.randomUUID()
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
				props.put("spring.datasource.username", "sa");
				props.put("spring.datasource.password", "");
			}
			try {
				props.put("siyu.data-dir", Files.createTempDirectory("siyu-test").toString());
			}
			catch (java.io.IOException e) {
				throw new IllegalStateException(e);
			}
			props.put("siyu.master-key", "test-master-key-" + UUID.randomUUID());
			props.put("siyu.admin-password", "admin-test-password");
			properties = props;
		}
		return properties;
	}

	/** A fresh database for this run; databases left by earlier runs that are no longer in use are dropped. */
	private static void createDatabase(String server, String user, String name) {
		try (Connection c = DriverManager.getConnection(server + "postgres", user, "");
				Statement st = c.createStatement()) {
			List<String> stale = new ArrayList<>();
			try (ResultSet rs = st.executeQuery("select datname from pg_database where datname like 'siyu_test_%'"
					+ " and datname not in (select datname from pg_stat_activity where datname is not null)")) {
				while (rs.next()) {
					stale.add(rs.getString(1));
				}
			}
			for (String db : stale) {
				try {
					st.execute("drop database if exists \"" + db + "\"");
				}
				catch (SQLException inUse) {
					// another run is using it right now
				}
			}
			st.execute("create database \"" + name + "\"");
		}
		catch (SQLException e) {
			throw new IllegalStateException("Cannot create the PostgreSQL test database at " + server
					+ " (is PostgreSQL running? .ci/run starts it)", e);
		}
	}

	static Path dataDir() {
		return Path.of((String) properties().get("siyu.data-dir"));
	}
}
