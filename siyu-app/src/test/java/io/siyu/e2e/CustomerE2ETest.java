package io.siyu.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

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
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;

/** The customer pages in headless Chromium: tag filters without reloading, the profile, notes, stage, held tags. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerE2ETest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

	Playwright playwright;

	Browser browser;

	BrowserContext context;

	Page page;

	TestCorp.Fixture a;

	Map<String, Long> ids;

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
		customers.tags(a.corpId(), Map.of("会员", List.of("金卡", "银卡")));
		Instant t = Instant.now().minus(1, ChronoUnit.DAYS);
		ids = customers.customers(a.corpId(), List.of(
				Customer.of("wmE1" + a.tag(), "林小满", Follow.by(a.staff().get(0).userid(), t,
						TestCustomers.wecomTagId(a.corpId(), "会员", "金卡"))),
				Customer.of("wmE2" + a.tag(), "周大福", Follow.by(a.staff().get(1).userid(), t.plusSeconds(30),
						TestCustomers.wecomTagId(a.corpId(), "会员", "银卡")))));
		context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900));
		page = context.newPage();
		page.setDefaultTimeout(15_000);
		page.navigate("http://127.0.0.1:" + port + "/login");
		page.fill("input[name=username]", a.user("operator"));
		page.fill("input[name=password]", TestCorp.PASSWORD);
		page.click("button[type=submit]");
		page.waitForURL("**/console");
	}

	@AfterEach
	void shut() {
		context.close();
	}

	@Test
	void filtersByTagAndWorksOnAProfile() {
		page.click("nav a[href='/console/customers']");
		Locator rows = page.locator("tr.customer-row");
		assertThat(rows).hasCount(2);
		page.click("#tag-picker summary");
		page.locator("#tag-picker label.inline:has-text('金卡') input[name=tags]").check();
		assertThat(rows).hasCount(1);
		assertThat(rows.first()).containsText("林小满");
		assertThat(page.locator("#customer-total")).containsText("1");
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/customers.png")).setFullPage(true));

		page.click("text=林小满");
		page.waitForURL("**/console/customers/" + ids.get("wmE1" + a.tag()));
		assertThat(page.locator("#customer-tags")).containsText("会员 / 金卡");
		page.fill(".note-form input[name=text]", "电话回访：想要新品试饮");
		page.click(".note-form button");
		assertThat(page.locator("#timeline-items li.note").first()).containsText("想要新品试饮");
		page.selectOption("#stage select[name=stage]", "ENGAGED");
		page.fill("#stage input[name=reason]", "回访有兴趣");
		page.click("#stage button");
		assertThat(page.locator("#customer-stage")).hasText("互动中");
		assertThat(page.locator("#stage ul.history")).containsText("回访有兴趣");
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/customer-profile.png"))
			.setFullPage(true));
	}

	@Test
	void showsTheProfileInEnglish() {
		page.navigate("http://127.0.0.1:" + port + "/console/customers/" + ids.get("wmE2" + a.tag()) + "?lang=en");
		assertThat(page.locator("#relations h2")).hasText("Relations");
		assertThat(page.locator("#customer-stage")).hasText("New");
		assertThat(page.locator("#timeline-items")).containsText("Added as a friend");
	}
}
