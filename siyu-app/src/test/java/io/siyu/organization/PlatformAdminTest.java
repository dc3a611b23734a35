package io.siyu.organization;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.ConsoleBrowser;
import io.siyu.Http;
import io.siyu.TestCorp;

/** The platform administrator (SIYU_ADMIN_PASSWORD) manages corps; a deactivated corp is shut out completely. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlatformAdminTest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	JdbcClient jdbc;

	@Test
	void adminCreatesEntersAndDeactivatesCorps() throws Exception {
		TestCorp.Fixture a = corps.create();
		ConsoleBrowser admin = new ConsoleBrowser(port);
		assertThat(admin.login("admin", "admin-test-password").headers().firstValue("Location").orElse(""))
			.endsWith("/console");
		String name = "New corp " + a.tag();
		admin.post("/console/corps", "name=" + java.net.URLEncoder.encode(name, "UTF-8"), "/console/corps");
		long created = jdbc.sql("select id from corp where name = ?").param(name).query(Long.class).single();
		assertThat(jdbc.sql("select count(*) from org_unit where corp_id = ? and parent_id is null").param(created)
			.query(Long.class).single()).as("a new corp starts with its HQ").isEqualTo(1);
		admin.post("/console/corps/" + a.corpId() + "/enter", "x=1", "/console/corps");
		assertThat(admin.get("/console").body()).contains("Corp " + a.tag());
		assertThat(admin.get("/console/staff").body()).contains(a.hqStaff().userid());

		ConsoleBrowser corpAdmin = new ConsoleBrowser(port);
		corpAdmin.login(a.user("admin"), TestCorp.PASSWORD);
		assertThat(corpAdmin.get("/console/corps").statusCode()).as("corp admins do not manage corps").isEqualTo(403);

		admin.post("/console/corps/" + a.corpId() + "/active", "active=false", "/console/corps");
		assertThat(corpAdmin.get("/console").headers().firstValue("Location").orElse(""))
			.as("an open session ends").contains("/login");
		assertThat(new ConsoleBrowser(port).login(a.user("operator"), TestCorp.PASSWORD).headers()
			.firstValue("Location").orElse("")).as("no new sign-in").endsWith("/login?error");
		assertThat(new Http(port).get("/api/v1/staff", a.adminToken()).status()).as("tokens stop working").isEqualTo(401);
		assertThat(jdbc.sql("select count(*) from audit_log where corp_id = ? and action = 'corp.deactivated'")
			.param(a.corpId()).query(Long.class).single()).isEqualTo(1);

		admin.post("/console/corps/" + a.corpId() + "/active", "active=true", "/console/corps");
		assertThat(new Http(port).get("/api/v1/staff", a.adminToken()).status()).isEqualTo(200);
	}

	@Test
	void overviewChartsStaffPerRegion() throws Exception {
		TestCorp.Fixture a = corps.create();
		ConsoleBrowser browser = new ConsoleBrowser(port);
		browser.login(a.user("admin"), TestCorp.PASSWORD);
		String page = browser.get("/console").body();
		assertThat(page).contains("id=\"staff-per-area\"").contains("Region 1").contains("Region 2");
		assertThat(page.split("class=\"hbar\"").length - 1).isEqualTo(2);
	}
}
