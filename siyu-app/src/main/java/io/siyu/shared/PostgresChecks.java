package io.siyu.shared;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Server settings that silently slow Siyu down, checked once at start on PostgreSQL and logged as warnings.
 * <p>
 * {@code autovacuum = off}: tables are never analyzed, so the planner has no statistics. A table that started empty
 * keeps the plans of an empty table: the lookup of a customer by external_userid, for instance, reads the corp's
 * customers through any index that starts with {@code corp_id} (the planner sees them as equal) instead of the unique
 * one, and its cost grows with the corp. Measured in W6 round 6 (docs/benchmarks.md).
 */
@Component
class PostgresChecks {

	private static final Logger log = LoggerFactory.getLogger(PostgresChecks.class);

	private final Database database;

	private final JdbcClient jdbc;

	PostgresChecks(Database database, JdbcClient jdbc) {
		this.database = database;
		this.jdbc = jdbc;
	}

	@EventListener(ApplicationReadyEvent.class)
	void check() {
		if (!database.isPostgres()) {
			return;
		}
		findings(jdbc.sql("select current_setting('autovacuum')").query(String.class).single())
			.forEach(finding -> log.warn("PostgreSQL: {}", finding));
	}

	/** What is wrong with these settings, in words for the log; empty when nothing is. */
	static List<String> findings(String autovacuum) {
		List<String> findings = new ArrayList<>();
		if (!"on".equalsIgnoreCase(autovacuum)) {
			findings.add("autovacuum is " + autovacuum + ": tables are never analyzed and queries keep plans made"
					+ " without statistics, which get slower as the corp grows. Turn it on (PostgreSQL's default) or run"
					+ " ANALYZE regularly; see docs/configuration.md");
		}
		return findings;
	}
}
