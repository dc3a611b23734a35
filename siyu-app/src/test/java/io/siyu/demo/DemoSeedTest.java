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
		properties = { "siyu.demo=true", "siyu.bootstrap-token=bootstrap-token-for-the-tests",
				"siyu.sandbox.customers=2000", "siyu.sandbox.groups=20" })
class DemoSeedTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DemoSeeder seeder;

	@Autowired
	DemoWeCom wecom;

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
	void theDemoCorpIsConnectedToTheBuiltInSandboxAndCustomersArriveLive() throws Exception {
		var sandbox = wecom.sandboxCorp().orElseThrow();
		assertThat(sandbox.customerCount()).isEqualTo(2000);
		assertThat(sandbox.staffIds()).hasSize((int) count("select count(*) from staff where corp_id = ?"));
		assertThat(count("select count(*) from org_unit where corp_id = ? and wecom_dept_id is null")).isZero();
		assertThat(jdbc.sql("select wecom_corp_id from corp where demo = true").query(String.class).single())
			.isEqualTo(DemoWeCom.CORP_ID);
		io.siyu.ConsoleBrowser browser = new io.siyu.ConsoleBrowser(port);
		browser.login("corpadmin", DemoCoffee.PASSWORD);
		var started = browser.post("/console/demo/traffic", "addsPerSecond=20&leavesPerSecond=0&minutes=1", "/console/demo");
		assertThat(started.statusCode()).isEqualTo(302);
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
			.until(() -> count("select count(*) from customer_follow where corp_id = ? and state = 'demo-traffic'") >= 10);
		browser.post("/console/demo/traffic/stop", "x=1", "/console/demo");
		assertThat(browser.get("/console/demo").body()).contains("id=\"traffic-adds\"");
		assertThat(browser.get("/console/wecom").body()).contains(DemoWeCom.CORP_ID);
	}

	@Test
	void theDemoCorpIsSyncedFromTheSandboxWithoutDuplicatingItsOrganisation() throws Exception {
		long units = count("select count(*) from org_unit where corp_id = ?");
		long staff = count("select count(*) from staff where corp_id = ?");
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
			.until(() -> count("select count(*) from wecom_sync_run where corp_id = ? and status = 'DONE'") >= 1);
		assertThat(count("select count(*) from customer where corp_id = ?")).isGreaterThanOrEqualTo(2000);
		assertThat(count("select count(*) from org_unit where corp_id = ?")).isEqualTo(units);
		assertThat(count("select count(*) from staff where corp_id = ?")).isEqualTo(staff);
		io.siyu.ConsoleBrowser browser = new io.siyu.ConsoleBrowser(port);
		browser.login("corpadmin", DemoCoffee.PASSWORD);
		String page = browser.get("/console/wecom").body();
		assertThat(page).contains("id=\"sync-status\">DONE<").contains("batch/get_by_user");
		assertThat(browser.post("/console/wecom/sync", "x=1", "/console/wecom").statusCode()).isEqualTo(302);

		// the demo page opens the chat sidebar as a member, through the sandbox's WeCom sign-in
		var hop = browser.post("/console/demo/sidebar", "userid=", "/console/demo");
		for (int i = 0; i < 6 && hop.statusCode() == 302; i++) {
			hop = browser.get(hop.headers().firstValue("Location").orElseThrow().replace("#wechat_redirect", ""));
		}
		assertThat(hop.statusCode()).isEqualTo(200);
		assertThat(hop.body()).contains("id=\"customer-name\"");
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
