package io.siyu.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import io.siyu.TestCorp;

/** The channel-code pages in headless Chromium: create a code from the form, find it in the list, open its page. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelCodeE2ETest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	Playwright playwright;

	Browser browser;

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

	@Test
	void createsAChannelCodeAndShowsItsPage() {
		TestCorp.Fixture a = corps.create();
		try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900))) {
			Page page = context.newPage();
			page.setDefaultTimeout(15_000);
			page.navigate("http://127.0.0.1:" + port + "/login");
			page.fill("input[name=username]", a.user("operator"));
			page.fill("input[name=password]", TestCorp.PASSWORD);
			page.click("button[type=submit]");
			page.waitForURL("**/console");

			page.click("nav a[href='/console/codes/channel']");
			assertThat(page.locator("h1")).hasText("渠道活码");
			page.click("#acq-new summary");
			page.fill("#acq-create input[name=name]", "抖音直播间");
			page.selectOption("#acq-create select[name=unitId]", String.valueOf(a.stores().get(0).id()));
			page.selectOption("#acq-create select[name=members]", new String[] { a.staff().get(0).userid(),
					a.staff().get(1).userid() });
			page.selectOption("#acq-create select[name=rotation]", "LEAST_LOADED");
			page.fill("#acq-create input[name=dailyCap]", "30");
			page.fill("#acq-create textarea[name=welcomeText]", "你好 {customer}，我是{staff}");
			page.click("#acq-create button[type=submit]");

			page.waitForURL("**/console/codes/channel/*");
			assertThat(page.locator("h1")).containsText("抖音直播间");
			assertThat(page.locator("#code-status")).hasText("启用");
			assertThat(page.locator("dl.facts")).containsText("今日最少优先");
			assertThat(page.locator("#code-chart canvas")).hasCount(1);
			page.click("#code-pause");
			assertThat(page.locator("#code-status")).hasText("已暂停");
			page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/channel-code.png")).setFullPage(true));

			page.navigate("http://127.0.0.1:" + port + "/console/codes/channel?lang=en");
			assertThat(page.locator("tr.code-row")).hasCount(1);
			assertThat(page.locator("tr.code-row").first()).containsText("Paused");
			page.fill("input[name=q]", "不存在");
			assertThat(page.locator("tr.code-row")).hasCount(0);
		}
	}
}
