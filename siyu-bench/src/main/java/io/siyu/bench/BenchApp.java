package io.siyu.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.siyu.SiyuApplication;

/**
 * Siyu started in this JVM for a benchmark: on H2 (files under target/) or on a fresh PostgreSQL database, loopback
 * only, demo off; closing it stops the app, deletes its files and drops its database.
 */
final class BenchApp implements AutoCloseable {

	final ConfigurableApplicationContext context;

	final int port;

	final double startSeconds;

	private final Path dir;

	private final String pgServer;

	private final String pgUser;

	private final String pgDb;

	private final boolean keep;

	/** True when the PostgreSQL database existed before this run (a kept one, reused). */
	final boolean reused;

	private BenchApp(ConfigurableApplicationContext context, double startSeconds, Path dir, String pgServer,
			String pgUser, String pgDb, boolean keep, boolean reused) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.startSeconds = startSeconds;
		this.dir = dir;
		this.pgServer = pgServer;
		this.pgUser = pgUser;
		this.pgDb = pgDb;
		this.keep = keep;
		this.reused = reused;
	}

	static BenchApp start(String name, String db, String pgServer, String pgUser) throws Exception {
		return start(name, db, pgServer, pgUser, null, false);
	}

	/**
	 * As {@link #start(String, String, String, String)}; on PostgreSQL with {@code pgName} the database of that name is
	 * used (created when missing) and kept at the end, as it is with {@code keep}: load once, measure many times.
	 */
	static BenchApp start(String name, String db, String pgServer, String pgUser, String pgName, boolean keep)
			throws Exception {
		Map<String, Object> props = new LinkedHashMap<>();
		Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), name + "-" + db + "-");
		String pgDb = null;
		boolean reused = false;
		if (db.equals("postgres")) {
			if (pgName != null && !pgName.matches("[a-z_][a-z0-9_]{0,62}")) {
				throw new IllegalArgumentException("database name must be lower-case letters, digits, _: " + pgName);
			}
			pgDb = pgName != null ? pgName : "siyu_bench_" + name + "_" + System.currentTimeMillis();
			reused = pgName != null && exists(pgServer, pgUser, pgName);
			if (!reused) {
				execute(pgServer, pgUser, "create database " + pgDb);
			}
			System.out.println("PostgreSQL database " + pgDb + (reused ? " (reused)" : " (new)")
					+ (keep || pgName != null ? ", kept at the end" : ", dropped at the end") + "; server's autovacuum "
					+ setting(pgServer, pgUser, "autovacuum")
					+ " (off: tables never analyzed, plans chosen without statistics; see docs/configuration.md)");
			props.put("spring.datasource.url", pgServer + pgDb);
			props.put("spring.datasource.username", pgUser);
			props.put("spring.datasource.password", "");
		}
		else {
			props.put("spring.datasource.url", "jdbc:h2:file:" + dir + "/siyu;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
					+ "DEFAULT_NULL_ORDERING=HIGH");
		}
		props.put("siyu.data-dir", dir.toString());
		props.put("siyu.master-key", "bench-master-key-not-a-secret-0123456789");
		props.put("siyu.admin-password", "bench-admin-password");
		props.put("siyu.demo", "false");
		props.put("server.port", "0");
		props.put("server.address", "127.0.0.1");
		props.put("logging.level.root", "WARN");
		props.put("logging.level.io.siyu", "WARN");
		props.put("spring.main.banner-mode", "off");
		long t0 = System.nanoTime();
		ConfigurableApplicationContext app = new SpringApplicationBuilder(SiyuApplication.class)
			.run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
		return new BenchApp(app, (System.nanoTime() - t0) / 1e9, dir, pgServer, pgUser, pgDb, keep || pgName != null,
				reused);
	}

	String databaseUrl() {
		return context.getEnvironment().getProperty("spring.datasource.url");
	}

	<T> T bean(Class<T> type) {
		return context.getBean(type);
	}

	@Override
	public void close() throws Exception {
		context.close();
		try (var files = Files.walk(dir)) { // the H2 files and the generated master key: nothing to keep
			files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		}
		if (pgDb != null && !keep) {
			execute(pgServer, pgUser, "drop database if exists " + pgDb + " with (force)");
		}
	}

	private static boolean exists(String server, String user, String name) throws SQLException {
		try (Connection c = DriverManager.getConnection(server + "postgres", user, "");
				var p = c.prepareStatement("select 1 from pg_database where datname = ?")) {
			p.setString(1, name);
			try (var rs = p.executeQuery()) {
				return rs.next();
			}
		}
	}

	private static String setting(String server, String user, String name) throws SQLException {
		try (Connection c = DriverManager.getConnection(server + "postgres", user, "");
				var p = c.prepareStatement("select current_setting(?)")) {
			p.setString(1, name);
			try (var rs = p.executeQuery()) {
				rs.next();
				return rs.getString(1);
			}
		}
	}

	private static void execute(String server, String user, String sql) throws SQLException {
		try (Connection c = DriverManager.getConnection(server + "postgres", user, "");
				Statement s = c.createStatement()) {
			s.execute(sql);
		}
	}
}
