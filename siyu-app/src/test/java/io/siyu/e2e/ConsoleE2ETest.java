package io.siyu.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import io.siyu.TestCorp;

/** The console in a real headless Chromium: login, staff filters (htmx), data scope, language, not-built pages. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleE2ETest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	Playwright playwright;

	Browser browser;

	BrowserContext context;

	Page page;

	TestCorp.Fixture a;

	@BeforeAll
	void launch() {
		playwright = BrowserSupport.playwright();
		browser = BrowserSupport.launch(playwright);
	}

	@AfterAll
	void close() {
		browser.close();
		playwright.close();
	}

	@BeforeEach
	void open() {
		a = corps.create();
		context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900));
		page = context.newPage();
		page.setDefaultTimeout(15_000);
	}

	@AfterEach
	void shut() {
		context.close();
	}

	void login(String user) {
		page.navigate("http://127.0.0.1:" + port + "/login");
		page.fill("input[name=username]", user);
		page.fill("input[name=password]", TestCorp.PASSWORD);
		page.click("button[type=submit]");
		page.waitForURL("**/console");
	}

	@Test
	void adminFiltersTheStaffListWithoutReloading() {
		login(a.user("admin"));
		assertThat(page.locator("#corp-name")).hasText("Corp " + a.tag());
		page.click("nav a[href='/console/staff']");
		page.waitForURL("**/console/staff");
		Locator rows = page.locator("tr.staff-row");
		assertThat(rows).hasCount(13);
		page.fill("#staff-filters input[name=q]", "Staff 21");
		assertThat(rows).hasCount(3);
		assertThat(page.locator("#results")).containsText("Store 2-1");
		assertThat(page).hasURL(java.util.regex.Pattern.compile(".*q=Staff(\\+|%20)21.*"));
		page.fill("#staff-filters input[name=q]", "");
		page.selectOption("#staff-filters select[name=unitId]", String.valueOf(a.regions().get(0).id()));
		assertThat(rows).hasCount(6);
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/staff-admin.png")).setFullPage(true));
	}

	@Test
	void storeManagerSeesOnlyTheirStore() {
		login(a.user("store"));
		page.navigate("http://127.0.0.1:" + port + "/console/staff");
		Locator rows = page.locator("tr.staff-row");
		assertThat(rows).hasCount(3);
		for (String userid : rows.evaluateAll("rs => rs.map(r => r.dataset.userid)").toString().split(",")) {
			assertThat(userid).contains("-s11g");
		}
		assertThat(page.locator("text=用户与角色")).hasCount(0);
		assertThat(page.locator("text=企业设置")).hasCount(0);
		page.navigate("http://127.0.0.1:" + port + "/console/staff/" + a.hqStaff().id());
		assertThat(page.locator("main")).containsText("找不到");
		page.navigate("http://127.0.0.1:" + port + "/console/org");
		assertThat(page.locator("#org-tree tbody tr")).hasCount(1);
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/staff-store.png")).setFullPage(true));
	}

	@Test
	void switchesToEnglishAndShowsNotBuiltCapabilitiesPlainly() {
		login(a.user("operator"));
		page.click("a.lang");
		assertThat(page.locator("h1")).hasText("Overview");
		page.click("nav a[href='/console/soon/massSend']");
		assertThat(page.locator("#not-built")).containsText("has not been built yet");
		assertThat(page.locator("#not-built")).containsText("capability 7");
		page.click("a.lang");
		assertThat(page.locator("#not-built")).containsText("尚未构建");
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/not-built.png")).setFullPage(true));
	}

	@Test
	void adminEditsAStaffMembersPersonaAndSeesItInTheAuditLog() {
		login(a.user("admin"));
		page.navigate("http://127.0.0.1:" + port + "/console/personas");
		page.click("text=新建人设");
		page.selectOption("details.panel select[name=kind]", "EXPERT");
		page.fill("details.panel input[name=displayName]", "豆师傅");
		page.click("details.panel button[type=submit]");
		assertThat(page.locator(".flash.ok")).isVisible();
		page.navigate("http://127.0.0.1:" + port + "/console/staff/" + a.guide().id());
		page.selectOption("select[name=personaId]", new com.microsoft.playwright.options.SelectOption().setLabel("豆师傅"));
		page.click("button.primary");
		assertThat(page.locator(".flash.ok")).isVisible();
		page.navigate("http://127.0.0.1:" + port + "/console/audit");
		page.fill("input[name=action]", "staff.updated");
		assertThat(page.locator("#audit-table tbody tr")).hasCount(1);
		assertThat(page.locator("#audit-table")).containsText(a.guide().userid());
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/audit.png")).setFullPage(true));
	}
}
