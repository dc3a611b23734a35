package io.siyu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The settings check names autovacuum when it is off and nothing when it is on. */
class PostgresChecksTest {

	@Test
	void autovacuumOffIsAFinding() {
		assertThat(PostgresChecks.findings("off")).singleElement().asString().contains("autovacuum is off", "ANALYZE");
		assertThat(PostgresChecks.findings("on")).isEmpty();
	}
}
