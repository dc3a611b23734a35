package io.siyu.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.siyu.ConsoleBrowser;
import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;

/** The customer list and profile pages over real HTTP: filters, tag names, data scope, timeline paging, 404s. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomerConsoleTest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

	TestCorp.Fixture a;

	Map<String, Long> ids;

	Map<String, Long> tags;

	@BeforeEach
	void data() {
		a = corps.create();
		tags = customers.tags(a.corpId(), Map.of("等级", List.of("金卡", "银卡"), "兴趣", List.of("咖啡豆")));
		Instant t = Instant.now().minus(3, ChronoUnit.DAYS);
		String store1Guide = a.staff().get(0).userid();
		String store2Guide = a.staff().get(3).userid();
		ids = customers.customers(a.corpId(), List.of(
				Customer.of("wmAlice" + a.tag(), "Alice 王", Follow.by(store1Guide, t, gold())),
				Customer.of("wmBob" + a.tag(), "Bob 李", Follow.by(store2Guide, t.plusSeconds(60), gold(),
						TestCustomers.wecomTagId(a.corpId(), "兴趣", "咖啡豆"))),
				Customer.of("wmCarol" + a.tag(), "Carol 张", Follow.by(store2Guide, t.plusSeconds(120)))));
	}

	private String gold() {
		return TestCustomers.wecomTagId(a.corpId(), "等级", "金卡");
	}

	@Test
	void theListShowsCustomersWithTheirTagNamesAndFilters() throws Exception {
		ConsoleBrowser browser = new ConsoleBrowser(port);
		browser.login(a.user("operator"), TestCorp.PASSWORD);

		String all = browser.get("/console/customers").body();
		// tag chips in the rows (not only the names in the tag picker)
		assertThat(all).contains("Alice 王", "Bob 李", "Carol 张", "<span class=\"tag\" title=\"等级\">金卡</span>",
				"<span class=\"tag\" title=\"兴趣\">咖啡豆</span>");

		String gold = browser.get("/console/customers?tagsAny=" + tags.get("金卡")).body();
		assertThat(gold).contains("Alice 王", "Bob 李").doesNotContain("Carol 张");
		String goldAndCoffee = browser.get("/console/customers?tags=" + tags.get("金卡") + "&tags=" + tags.get("咖啡豆")
				+ "&tagMode=ALL").body();
		assertThat(goldAndCoffee).contains("Bob 李").doesNotContain("Alice 王", "Carol 张");
		String notGold = browser.get("/console/customers?tagsNone=" + tags.get("金卡")).body();
		assertThat(notGold).contains("Carol 张").doesNotContain("Alice 王", "Bob 李");
		String search = browser.get("/console/customers?q=carol").body();
		assertThat(search).contains("Carol 张").doesNotContain("Alice 王");
		String store = browser.get("/console/customers?unitId=" + a.stores().get(0).id()).body();
		assertThat(store).contains("Alice 王").doesNotContain("Bob 李", "Carol 张");
	}

	@Test
	void aStoreManagerSeesOnlyTheStoresCustomersAndOthersAreNotFound() throws Exception {
		ConsoleBrowser browser = new ConsoleBrowser(port);
		browser.login(a.user("store"), TestCorp.PASSWORD);

		assertThat(browser.get("/console/customers").body()).contains("Alice 王").doesNotContain("Bob 李", "Carol 张");
		assertThat(browser.get("/console/customers/" + ids.get("wmAlice" + a.tag())).statusCode()).isEqualTo(200);
		assertThat(browser.get("/console/customers/" + ids.get("wmBob" + a.tag())).statusCode()).isEqualTo(404);

		TestCorp.Fixture b = corps.create();
		ConsoleBrowser other = new ConsoleBrowser(port);
		other.login(b.user("admin"), TestCorp.PASSWORD);
		assertThat(other.get("/console/customers").body()).doesNotContain("Alice 王", "Bob 李");
		assertThat(other.get("/console/customers/" + ids.get("wmAlice" + a.tag())).statusCode()).isEqualTo(404);
	}

	@Test
	void theProfileShowsRelationsTagsAndAPagedTimeline() throws Exception {
		ConsoleBrowser browser = new ConsoleBrowser(port);
		browser.login(a.user("operator"), TestCorp.PASSWORD);
		long bob = ids.get("wmBob" + a.tag());
		for (int i = 0; i < 35; i++) {
			HttpResponse<String> note = browser.post("/console/customers/" + bob + "/notes", "text=note-" + i,
					"/console/customers/" + bob);
			assertThat(note.statusCode()).isEqualTo(302);
		}

		String profile = browser.get("/console/customers/" + bob).body();
		assertThat(profile).contains("Bob 李", "等级 / 金卡", "兴趣 / 咖啡豆", "note-34").doesNotContain("note-4<");
		String older = profile.substring(profile.indexOf("/timeline?before="));
		String next = browser.get("/console/customers/" + bob + older.substring(older.indexOf("/timeline"),
				older.indexOf('"'))).body().replace("&amp;", "&");
		assertThat(next).contains("note-4").doesNotContain("note-34");
	}
}
