package io.siyu.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

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
import com.microsoft.playwright.options.SelectOption;

import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;

/** The segment builder in headless Chromium: conditions edited as a structure and as text, live counts, saving. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentE2ETest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

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
	void buildsPreviewsAndSavesASegment() {
		TestCorp.Fixture a = corps.create();
		customers.tags(a.corpId(), Map.of("会员", List.of("金卡", "银卡")));
		Instant t = Instant.now().minus(1, ChronoUnit.DAYS);
		customers.customers(a.corpId(), List.of(
				Customer.of("wmS1" + a.tag(), "林小满", Follow.by(a.staff().get(0).userid(), t,
						TestCustomers.wecomTagId(a.corpId(), "会员", "金卡"))),
				Customer.of("wmS2" + a.tag(), "周大福", Follow.by(a.staff().get(1).userid(), t,
						TestCustomers.wecomTagId(a.corpId(), "会员", "银卡")))));
		BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900));
		Page page = context.newPage();
		page.setDefaultTimeout(15_000);
		page.navigate("http://127.0.0.1:" + port + "/login");
		page.fill("input[name=username]", a.user("operator"));
		page.fill("input[name=password]", TestCorp.PASSWORD);
		page.click("button[type=submit]");
		page.waitForURL("**/console");

		page.click("nav a[href='/console/segments']");
		assertThat(page.locator("#engine-stats")).containsText("2");
		page.click("#new-segment");
		assertThat(page.locator("#preview-problem")).containsText("the list is empty");
		page.click("#builder .seg-add");
		page.locator(".seg-leaf select[multiple]").selectOption(new SelectOption().setLabel("会员 / 金卡"));
		assertThat(page.locator("#preview-text")).hasText("tags any (\"金卡\")");
		assertThat(page.locator("#preview-count")).hasText("1");
		assertThat(page.locator("#preview-sample")).containsText("林小满");

		page.click("#text-editor summary");
		page.fill("#text-form", "tags any (\"金卡\", \"银卡\") and not stage = LOST");
		page.click("#apply-text");
		assertThat(page.locator("#preview-count")).hasText("2");
		assertThat(page.locator(".seg-leaf")).hasCount(2);
		page.fill("#text-form", "tags any (\"铜卡\")");
		page.click("#apply-text");
		assertThat(page.locator("#text-error")).containsText("unknown tag \"铜卡\"");
		assertThat(page.locator("#preview-count")).hasText("2");

		page.fill("#segment-name", "会员客户");
		page.click("#save-segment");
		page.waitForURL("**/console/segments/*");
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/segment-builder.png")).setFullPage(true));
		page.click("nav a[href='/console/segments']");
		assertThat(page.locator("tr.segment-row")).hasCount(1);
		assertThat(page.locator("tr.segment-row .segment-count")).hasText("2");
		assertThat(page.locator("tr.segment-row .segment-text")).containsText("not stage = LOST");
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/segments.png")).setFullPage(true));
		context.close();
	}
}
