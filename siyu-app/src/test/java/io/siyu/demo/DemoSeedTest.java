package io.siyu.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.Http;

/** Demo mode seeds "Demo Coffee" once; SIYU_BOOTSTRAP_TOKEN gives a full-rights token on it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "siyu.demo=true", "siyu.bootstrap-token=bootstrap-token-for-the-tests" })
class DemoSeedTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DemoSeeder seeder;

	long demoCorp() {
		return jdbc.sql("select id from corp where demo = true").query(Long.class).single();
	}

	long count(String sql) {
		return jdbc.sql(sql).param(demoCorp()).query(Long.class).single();
	}

	@Test
	void seedsDemoCoffeeWithTheWholeOrganisation() {
		assertThat(jdbc.sql("select name from corp where demo = true").query(String.class).single())
			.isEqualTo("Demo Coffee");
		assertThat(count("select count(*) from org_unit where corp_id = ? and kind = 'REGION'")).isEqualTo(3);
		assertThat(count("select count(*) from org_unit where corp_id = ? and kind = 'STORE'")).isEqualTo(30);
		assertThat(count("select count(*) from staff where corp_id = ?")).isBetween(190L, 210L);
		assertThat(count("select count(*) from persona where corp_id = ?")).isEqualTo(5);
		assertThat(count("select count(distinct role) from app_user where corp_id = ?")).isEqualTo(5);
		assertThat(jdbc.sql("select count(*) from app_user where username = 'admin' and role = 'PLATFORM_ADMIN'")
			.query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void seedingTwiceChangesNothing() throws Exception {
		long staff = count("select count(*) from staff where corp_id = ?");
		seeder.run(null);
		assertThat(jdbc.sql("select count(*) from corp where demo = true").query(Long.class).single()).isEqualTo(1);
		assertThat(count("select count(*) from staff where corp_id = ?")).isEqualTo(staff);
	}

	@Test
	void bootstrapTokenHasFullRightsOnTheDemoCorp() {
		Http http = new Http(port);
		Http.Response staff = http.get("/api/v1/staff?size=1", "bootstrap-token-for-the-tests");
		assertThat(staff.status()).isEqualTo(200);
		assertThat(staff.json().get("total").asLong()).isEqualTo(count("select count(*) from staff where corp_id = ?"));
		assertThat(http.get("/api/v1/users", "bootstrap-token-for-the-tests").json().get("total").asLong())
			.isEqualTo(5);
	}
}
