package io.siyu.sidebar;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import io.siyu.customer.Timeline;
import io.siyu.customer.TimelineKinds;
import io.siyu.e2e.BrowserSupport;
import io.siyu.organization.Corps;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.wecom.sync.WeComSync;

/**
 * The sidebar on a phone-sized headless Chromium: opened through WeCom's authorize redirect (the sandbox's), the
 * customer shown, a tag added (and marked in WeCom), a note written, the timeline scrolled, English switched on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SidebarE2ETest {

	@LocalServerPort
	int port;

	@Autowired
	Corps corps;

	@Autowired
	WeComSync sync;

	@Autowired
	Timeline timeline;

	@Autowired
	JdbcClient jdbc;

	WeComSandbox sandbox;

	SidebarWorld world;

	Playwright playwright;

	Browser browser;

	BrowserContext context;

	Page page;

	@BeforeAll
	void launch() {
		sandbox = WeComSandbox.builder().port(0).seed(31).build().start();
		world = SidebarWorld.create(corps, sandbox, sync);
		playwright = BrowserSupport.playwright();
		browser = BrowserSupport.launch(playwright);
	}

	@AfterAll
	void close() {
		browser.close();
		playwright.close();
		sandbox.stop();
	}

	@BeforeEach
	void open() {
		context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
			.setDeviceScaleFactor(2)
			.setIsMobile(true)
			.setHasTouch(true)
			.setLocale("zh-CN")
			.setUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
					+ " Mobile/15E148 wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh"));
		// customer avatars live on WeChat's servers; nothing leaves this machine in a test
		context.route(url -> !url.startsWith("http://127.0.0.1"), route -> route.abort());
		page = context.newPage();
		page.setDefaultTimeout(15_000);
	}

	@AfterEach
	void shut() {
		context.close();
	}

	@Test
	void aMemberOpensTheSidebarTagsTheCustomerWritesANoteAndScrollsTheTimeline() {
		long customerId = jdbc.sql("select id from customer where corp_id = ? and external_userid = ?")
			.params(world.corpId(), world.customer()).query(Long.class).single();
		Actors.runAs(Actor.system(world.corpId()), () -> {
			for (int i = 0; i < 30; i++) {
				timeline.append(customerId, TimelineKinds.NOTE, Instant.now().minusSeconds(7200 + 60L * i), world.guide(),
						null, null, "之前的跟进 " + i);
			}
		});

		page.navigate("http://127.0.0.1:" + port + world.page(world.customer()));

		// the authorize URL's #wechat_redirect rides along through the redirects, as in WeCom
		page.waitForURL(url -> url.contains("/h5/" + world.corp() + "/sidebar?external_userid=" + world.customer()));
		assertThat(page.locator("#customer-name")).isVisible();
		assertThat(page.locator("#groups")).containsText(SidebarWorld.GUIDES_GROUP);

		// a tag
		Set<Long> carried = new HashSet<>(jdbc.sql("select tag_id from customer_tag where customer_id = ?")
			.param(customerId).query(Long.class).list());
		long chosen = jdbc.sql("select id from tag where corp_id = ? and deleted_at is null and wecom_id is not null order by id")
			.param(world.corpId()).query(Long.class).list().stream().filter(t -> !carried.contains(t)).findFirst().orElseThrow();
		page.click("#edit-tags");
		page.locator("#tag-form input[name=tag][value='" + chosen + "']").check();
		page.click("#tag-form button[type=submit]");
		assertThat(page.locator("#notice .sb-notice.ok")).isVisible();
		assertThat(page.locator("#tags .sb-chip[data-tag='" + chosen + "']")).isVisible();
		String wecomTag = jdbc.sql("select wecom_id from tag where id = ?").param(chosen).query(String.class).single();
		assertThat(world.wecom().tagsOf(world.guide(), world.customer())).contains(wecomTag);

		// a note: it appears at the top of the timeline
		page.fill("#note-form textarea[name=text]", "客户下周三到店试喝新品");
		page.click("#note-form button[type=submit]");
		assertThat(page.locator("#notice")).containsText("跟进已保存");
		assertThat(page.locator("#timeline-items .sb-event").first()).containsText("客户下周三到店试喝新品");
		assertThat(page.locator("#note-form textarea[name=text]")).hasValue("");

		// endless scroll: the next page loads when the end of the list comes into view
		Locator events = page.locator("#timeline-items .sb-event");
		assertThat(events).hasCount(TimelineFeed.PAGE);
		page.locator("#timeline-items .sb-more").scrollIntoViewIfNeeded();
		page.waitForCondition(() -> events.count() > TimelineFeed.PAGE);
		page.locator("#timeline-items .sb-more, #timeline-items .sb-end").last().scrollIntoViewIfNeeded();
		page.waitForCondition(() -> events.count() >= 31);
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/sidebar-mobile.png")).setFullPage(true));

		// English
		page.click(".sb-lang");
		assertThat(page.locator("#tags h2")).containsText("Corp tags");
		assertThat(page.locator("#note h2")).containsText("Add a note");
		page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/sidebar-mobile-en.png")));
	}

	@Test
	void anotherMembersCustomerIsNotShown() {
		page.navigate("http://127.0.0.1:" + port + world.page(world.colleaguesCustomer()));
		assertThat(page.locator("#message")).containsText("找不到该客户");
		assertThat(page.locator("body")).not().containsText(world.colleaguesCustomer());
	}
}
