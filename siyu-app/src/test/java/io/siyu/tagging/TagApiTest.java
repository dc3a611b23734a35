package io.siyu.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.ConsoleBrowser;
import io.siyu.Http;
import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;

/**
 * {@code /api/v1/tag-groups}, {@code /api/v1/tags} and the 标签管理 page over real HTTP (a corp not connected to WeCom:
 * changes stay PENDING): CRUD, bad input that changes nothing, WeCom's 3,000-tag cap, TAGS_MANAGE, tenancy, counts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TagApiTest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TagStatistics statistics;

	@Autowired
	org.springframework.jdbc.core.JdbcTemplate batch;

	Http http;

	TestCorp.Fixture a;

	Map<String, Long> tags;

	@BeforeEach
	void data() {
		http = new Http(port);
		a = corps.create();
		tags = customers.tags(a.corpId(), Map.of("等级", List.of("金卡", "银卡")));
		Instant t = Instant.now().minus(1, ChronoUnit.DAYS);
		customers.customers(a.corpId(), List.of(
				Customer.of("wmA" + a.tag(), "Alice", Follow.by(a.staff().get(0).userid(), t, gold())),
				Customer.of("wmB" + a.tag(), "Bob", Follow.by(a.staff().get(4).userid(), t, gold()))));
	}

	private String gold() {
		return TestCustomers.wecomTagId(a.corpId(), "等级", "金卡");
	}

	private Http.Response send(String method, String path, String body) {
		return http.send(method, path, a.adminToken(), body, List.of());
	}

	@Test
	void groupsAndTagsAreCreatedRenamedAndDeleted() {
		Http.Response created = send("POST", "/api/v1/tag-groups", "{\"name\":\"兴趣\",\"tags\":[\"咖啡\",\"茶\",\"咖啡\"]}");
		assertThat(created.status()).isEqualTo(201);
		long groupId = created.json().get("id").asLong();
		assertThat(created.json().get("tags")).hasSize(2);
		assertThat(created.json().get("syncState").asString()).isEqualTo("PENDING");

		Http.Response added = send("POST", "/api/v1/tags", "{\"groupId\":" + groupId + ",\"name\":\"果汁\"}");
		assertThat(added.status()).isEqualTo(201);
		long juice = added.json().get(0).get("id").asLong();

		Http.Response renamed = send("PATCH", "/api/v1/tags/" + juice, "{\"name\":\"鲜榨果汁\",\"order\":7}");
		assertThat(renamed.status()).isEqualTo(200);
		assertThat(renamed.json().get("name").asString()).isEqualTo("鲜榨果汁");
		assertThat(renamed.json().get("order").asLong()).isEqualTo(7);

		Http.Response list = http.get("/api/v1/tags?groupId=" + groupId, a.adminToken());
		assertThat(list.json().get("total").asLong()).isEqualTo(3);
		Http.Response search = http.get("/api/v1/tag-groups?q=" + URLEncoder.encode("果汁", StandardCharsets.UTF_8),
				a.adminToken());
		assertThat(search.json().get("total").asLong()).isEqualTo(1);
		assertThat(search.json().get("items").get(0).get("name").asString()).isEqualTo("兴趣");

		assertThat(send("PATCH", "/api/v1/tag-groups/" + groupId, "{\"name\":\"爱好\"}").json().get("name").asString())
			.isEqualTo("爱好");
		assertThat(send("DELETE", "/api/v1/tags/" + juice, null).status()).isEqualTo(204);
		assertThat(http.get("/api/v1/tags/" + juice, a.adminToken()).status()).isEqualTo(404);
		assertThat(send("DELETE", "/api/v1/tag-groups/" + groupId, null).status()).isEqualTo(204);
		assertThat(http.get("/api/v1/tag-groups/" + groupId, a.adminToken()).status()).isEqualTo(404);
		// deletions are kept (for history and for the push to WeCom), each marked to be pushed
		assertThat(jdbc.sql("select count(*) from tag where group_id = ? and deleted_at is not null").param(groupId)
			.query(Long.class).single()).isEqualTo(3);
	}

	@Test
	void customersPerTagFollowTheCallersScope() {
		Http.Response gold = http.get("/api/v1/tags/" + tags.get("金卡"), a.adminToken());
		assertThat(gold.json().get("customers").asLong()).isEqualTo(2);
		assertThat(gold.json().get("groupName").asString()).isEqualTo("等级");
		// the store manager's store has Alice only
		assertThat(http.get("/api/v1/tags/" + tags.get("金卡"), a.storeToken()).json().get("customers").asLong())
			.isEqualTo(1);
		// the corp-wide trend is not for them
		assertThat(http.get("/api/v1/tags/" + tags.get("金卡") + "/trend", a.storeToken()).status()).isEqualTo(403);
		Http.Response trend = http.get("/api/v1/tags/" + tags.get("金卡") + "/trend", a.adminToken());
		assertThat(trend.status()).isEqualTo(200);
		assertThat(trend.json()).hasSize(1); // today, live
		assertThat(trend.json().get(0).get("customers").asLong()).isEqualTo(2);
	}

	@Test
	void dailySnapshotsMakeTheTrendAndTakingADayAgainReplacesIt() {
		java.time.LocalDate today = statistics.today();
		statistics.snapshot(a.corpId(), today.minusDays(2));
		// Bob's member removed 金卡 in WeCom
		customers.customers(a.corpId(), List.of(Customer.of("wmB" + a.tag(), "Bob", Follow.by(a.staff().get(4).userid(),
				Instant.now().minus(1, ChronoUnit.DAYS)))));
		statistics.snapshot(a.corpId(), today.minusDays(1));
		statistics.snapshot(a.corpId(), today.minusDays(1));
		assertThat(jdbc.sql("select count(*) from tag_stat_day where corp_id = ? and stat_day = ?")
			.params(a.corpId(), java.sql.Date.valueOf(today.minusDays(1))).query(Long.class).single()).isEqualTo(2);
		Http.Response trend = http.get("/api/v1/tags/" + tags.get("金卡") + "/trend?from=" + today.minusDays(3) + "&to="
				+ today, a.adminToken());
		assertThat(trend.json()).hasSize(3);
		assertThat(trend.json().get(0).get("day").asString()).isEqualTo(today.minusDays(2).toString());
		assertThat(trend.json().get(0).get("customers").asLong()).isEqualTo(2);
		assertThat(trend.json().get(1).get("customers").asLong()).isEqualTo(1);
		assertThat(trend.json().get(2).get("customers").asLong()).isEqualTo(1);
		// 银卡 nobody carries: a zero point, not a gap
		Http.Response silver = http.get("/api/v1/tags/" + tags.get("银卡") + "/trend?from=" + today.minusDays(2) + "&to="
				+ today.minusDays(1), a.adminToken());
		assertThat(silver.json()).hasSize(2);
		assertThat(silver.json().get(1).get("customers").asLong()).isZero();
		assertProblem(http.get("/api/v1/tags/" + tags.get("金卡") + "/trend?from=" + today + "&to=" + today.minusDays(1),
				a.adminToken()), 400);
	}

	@Test
	void badInputIsRefusedAndChangesNothing() {
		long before = rows();
		assertProblem(send("POST", "/api/v1/tag-groups", "{\"name\":\"\",\"tags\":[\"a\"]}"), 400);
		assertProblem(send("POST", "/api/v1/tag-groups", "{\"name\":\"空组\",\"tags\":[]}"), 400);
		assertProblem(send("POST", "/api/v1/tag-groups", "{\"name\":\"组\",\"tags\":[\"" + "长".repeat(31) + "\"]}"), 400);
		assertProblem(send("POST", "/api/v1/tag-groups", "{\"name\":\"等级\",\"tags\":[\"x\"]}"), 409);
		assertProblem(send("POST", "/api/v1/tag-groups", "{not json"), 400);
		assertProblem(send("POST", "/api/v1/tags", "{\"name\":\"x\"}"), 400);
		assertProblem(send("POST", "/api/v1/tags", "{\"groupId\":999999999,\"name\":\"x\"}"), 404);
		long group = jdbc.sql("select group_id from tag where id = ?").param(tags.get("金卡")).query(Long.class).single();
		assertProblem(send("POST", "/api/v1/tags", "{\"groupId\":" + group + ",\"name\":\"银卡\"}"), 409);
		assertProblem(send("PATCH", "/api/v1/tags/" + tags.get("金卡"), "{\"name\":\"银卡\"}"), 409);
		assertProblem(send("PATCH", "/api/v1/tags/" + tags.get("金卡"), "{\"name\":\"新名字\",\"order\":-1}"), 400);
		assertProblem(send("PATCH", "/api/v1/tags/" + tags.get("金卡"), "{}"), 400);
		assertThat(rows()).isEqualTo(before);
		assertThat(jdbc.sql("select name from tag where id = ?").param(tags.get("金卡")).query(String.class).single())
			.isEqualTo("金卡");
	}

	@Test
	void onlyTagManagersChangeTagsAndAnotherCorpsTagsAreNotFound() {
		long before = rows();
		assertProblem(http.send("POST", "/api/v1/tag-groups", a.storeToken(), "{\"name\":\"店里的\",\"tags\":[\"a\"]}",
				List.of()), 403);
		assertProblem(http.send("DELETE", "/api/v1/tags/" + tags.get("金卡"), a.guideToken(), null, List.of()), 403);
		// reading is for everyone who works with customers
		assertThat(http.get("/api/v1/tag-groups", a.guideToken()).status()).isEqualTo(200);

		TestCorp.Fixture b = corps.create();
		assertProblem(http.get("/api/v1/tags/" + tags.get("金卡"), b.adminToken()), 404);
		assertProblem(http.send("PATCH", "/api/v1/tags/" + tags.get("金卡"), b.adminToken(), "{\"name\":\"偷改\"}", List.of()),
				404);
		assertProblem(http.send("DELETE", "/api/v1/tags/" + tags.get("金卡"), b.adminToken(), null, List.of()), 404);
		assertThat(http.get("/api/v1/tags", b.adminToken()).json().get("total").asLong()).isZero();
		assertThat(rows()).isEqualTo(before);
	}

	@Test
	void weComsCapOfThreeThousandTagsIsRefusedWithAClearMessage() {
		long group = jdbc.sql("select group_id from tag where id = ?").param(tags.get("金卡")).query(Long.class).single();
		List<Object[]> filler = new ArrayList<>();
		for (int i = 0; i < TagCatalog.CAP - 3; i++) { // with 金卡 and 银卡: 2,999 live tags
			filler.add(new Object[] { a.corpId(), group, "填充" + i, "cap-" + a.corpId() + "-" + i });
		}
		batch.batchUpdate("insert into tag (corp_id, group_id, name, sort_order, wecom_id, sync_state, changed_at)"
				+ " values (?, ?, ?, 0, ?, 'SYNCED', current_timestamp)", filler);
		long before = rows();
		Http.Response refused = send("POST", "/api/v1/tag-groups", "{\"name\":\"新组\",\"tags\":[\"一\",\"二\"]}");
		assertProblem(refused, 422);
		assertThat(refused.json().get("detail").asString()).contains("3000", "2999", "2 more do not fit");
		assertProblem(send("POST", "/api/v1/tags", "{\"groupId\":" + group + ",\"names\":[\"一\",\"二\"]}"), 422);
		assertThat(rows()).isEqualTo(before);
		// the last one fits
		assertThat(send("POST", "/api/v1/tags", "{\"groupId\":" + group + ",\"name\":\"最后一个\"}").status()).isEqualTo(201);
		assertProblem(send("POST", "/api/v1/tags", "{\"groupId\":" + group + ",\"name\":\"再多一个\"}"), 422);
	}

	@Test
	void theConsolePageShowsGroupsCountsAndTheCapAndManagesTags() throws Exception {
		ConsoleBrowser operator = new ConsoleBrowser(port);
		operator.login(a.user("operator"), TestCorp.PASSWORD);
		String page = operator.get("/console/tags").body();
		assertThat(page).contains("标签管理", "等级", "金卡", "银卡", "2 / 3000", "新建标签组");
		HttpResponse<String> created = operator.post("/console/tags/groups", "name=" + enc("季节") + "&tags="
				+ enc("春季，夏季\n秋季"), "/console/tags");
		assertThat(created.statusCode()).isEqualTo(302);
		assertThat(operator.get("/console/tags?q=" + enc("季")).body()).contains("春季", "夏季", "秋季", "同步中")
			.doesNotContain("银卡");
		HttpResponse<String> bad = operator.post("/console/tags/groups", "name=" + enc("季节") + "&tags=x", "/console/tags");
		assertThat(bad.statusCode()).isEqualTo(302);
		assertThat(operator.get("/console/tags").body()).contains("已存在");

		String trend = operator.get("/console/tags?tag=" + tags.get("金卡")).body();
		assertThat(trend).contains("id=\"trend-chart\"", "当前 2 位客户");

		ConsoleBrowser store = new ConsoleBrowser(port);
		store.login(a.user("store"), TestCorp.PASSWORD);
		String storePage = store.get("/console/tags?tag=" + tags.get("金卡")).body();
		assertThat(storePage).contains("当前 1 位客户").doesNotContain("id=\"trend-chart\"", "新建标签组");
		long before = rows();
		store.post("/console/tags/groups", "name=x&tags=y", "/console/tags");
		assertThat(rows()).isEqualTo(before);
	}

	private long rows() {
		return jdbc.sql("select count(*) from tag where corp_id = ?").param(a.corpId()).query(Long.class).single()
				+ jdbc.sql("select count(*) from tag_group where corp_id = ?").param(a.corpId()).query(Long.class).single();
	}

	private static void assertProblem(Http.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	private static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}
}
