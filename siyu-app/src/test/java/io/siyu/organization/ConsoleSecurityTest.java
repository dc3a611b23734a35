package io.siyu.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.ConsoleBrowser;
import io.siyu.TestCorp;

/** The console door over real HTTP: form login, CSRF, session fixation, throttling, secrets never shown. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleSecurityTest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	JdbcClient jdbc;

	TestCorp.Fixture a;

	@BeforeEach
	void setUp() {
		a = corps.create();
	}

	@Test
	void pagesNeedALogin() throws Exception {
		ConsoleBrowser browser = new ConsoleBrowser(port);
		HttpResponse<String> page = browser.get("/console/staff");
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/login");
	}

	@Test
	void loginChangesTheSessionIdAndShowsTheCorp() throws Exception {
		ConsoleBrowser browser = new ConsoleBrowser(port);
		browser.get("/login");
		String before = browser.cookie("JSESSIONID");
		HttpResponse<String> login = browser.login(a.user("admin"), TestCorp.PASSWORD);
		assertThat(login.headers().firstValue("Location").orElse("")).endsWith("/console");
		assertThat(browser.cookie("JSESSIONID")).isNotNull().isNotEqualTo(before);
		HttpResponse<String> home = browser.get("/console");
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.body()).contains("Corp " + a.tag(), "概览");
		assertThat(browser.get("/console?lang=en").body()).contains("Overview", "Staff");
	}

	@Test
	void postWithoutCsrfTokenIsForbiddenAndChangesNothing() throws Exception {
		ConsoleBrowser browser = new ConsoleBrowser(port);
		browser.login(a.user("admin"), TestCorp.PASSWORD);
		HttpResponse<String> post = browser.post("/console/personas", "kind=BRAND&displayName=Forged", null);
		assertThat(post.statusCode()).isEqualTo(403);
		assertThat(jdbc.sql("select count(*) from persona where corp_id = ? and display_name = 'Forged'")
			.param(a.corpId()).query(Long.class).single()).isZero();
		HttpResponse<String> real = browser.post("/console/personas", "kind=BRAND&displayName=Real", "/console/personas");
		assertThat(real.statusCode()).isEqualTo(302);
		assertThat(jdbc.sql("select count(*) from persona where corp_id = ? and display_name = 'Real'")
			.param(a.corpId()).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void wrongPasswordsLockTheAccountEvenForTheRightPassword() throws Exception {
		ConsoleBrowser browser = new ConsoleBrowser(port);
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> wrong = browser.login(a.user("operator"), "wrong-password");
			assertThat(wrong.headers().firstValue("Location").orElse("")).endsWith("/login?error");
		}
		HttpResponse<String> locked = browser.login(a.user("operator"), TestCorp.PASSWORD);
		assertThat(locked.headers().firstValue("Location").orElse("")).endsWith("/login?locked");
		assertThat(new ConsoleBrowser(port).login(a.user("admin"), TestCorp.PASSWORD).headers().firstValue("Location").orElse(""))
			.as("other users are not affected").endsWith("/console");
	}

	@Test
	void storeManagerCannotOpenAdministrationPages() throws Exception {
		ConsoleBrowser browser = new ConsoleBrowser(port);
		browser.login(a.user("store"), TestCorp.PASSWORD);
		assertThat(browser.get("/console/users").statusCode()).isEqualTo(403);
		assertThat(browser.get("/console/settings").statusCode()).isEqualTo(403);
		assertThat(browser.get("/console/staff/" + a.hqStaff().id()).statusCode()).isEqualTo(404);
		String staffPage = browser.get("/console/staff").body();
		assertThat(staffPage).contains(a.staff().get(0).userid()).doesNotContain(a.hqStaff().userid())
			.doesNotContain(a.staff().get(3).userid());
	}

	@Test
	void weComSecretsAreEncryptedAtRestAndMaskedInTheConsole() throws Exception {
		ConsoleBrowser browser = new ConsoleBrowser(port);
		browser.login(a.user("admin"), TestCorp.PASSWORD);
		String secret = "S3cret-" + a.tag() + "-abcdefghijklmnop";
		String aesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
		HttpResponse<String> saved = browser.post("/console/settings/wecom", "wecomCorpId=ww" + a.tag() + "&agentId=1000002"
				+ "&secret=" + secret + "&callbackToken=Tok" + a.tag() + "&aesKey=" + aesKey
				+ "&apiBaseUrl=" + URLEncoder.encode("http://127.0.0.1:18080", StandardCharsets.UTF_8), "/console/settings");
		assertThat(saved.statusCode()).isEqualTo(302);
		String stored = jdbc.sql("select secret_enc || aes_key_enc from corp where id = ?").param(a.corpId())
			.query(String.class).single();
		assertThat(stored).doesNotContain(secret).doesNotContain(aesKey);
		String page = browser.get("/console/settings").body();
		assertThat(page).doesNotContain(secret).doesNotContain(aesKey).contains("••••••••mnop");
		HttpResponse<String> bad = browser.post("/console/settings/wecom", "wecomCorpId=ww" + a.tag()
				+ "&aesKey=too-short", "/console/settings");
		assertThat(browser.get(bad.headers().firstValue("Location").orElseThrow()).body())
			.contains("EncodingAESKey 必须是 43 位字母或数字");
		browser.get("/console/settings?lang=en");
		HttpResponse<String> badEn = browser.post("/console/settings/wecom", "wecomCorpId=ww" + a.tag()
				+ "&aesKey=too-short", "/console/settings");
		assertThat(browser.get(badEn.headers().firstValue("Location").orElseThrow()).body())
			.contains("The EncodingAESKey is exactly 43 letters or digits");
		assertThat(jdbc.sql("select count(*) from audit_log where corp_id = ? and action = 'corp.wecom-settings.updated'")
			.param(a.corpId()).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void notBuiltCapabilitiesSaySoPlainly() throws Exception {
		ConsoleBrowser browser = new ConsoleBrowser(port);
		browser.login(a.user("admin"), TestCorp.PASSWORD);
		String page = browser.get("/console/soon/massSend").body();
		assertThat(page).contains("尚未构建", "群发");
		assertThat(browser.get("/console/soon/no-such-thing").statusCode()).isEqualTo(404);
	}
}
