package io.siyu.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.ConsoleBrowser;
import io.siyu.Http;
import io.siyu.TestCorp;
import io.siyu.customer.Timeline;
import io.siyu.organization.ApiTokens;
import io.siyu.organization.Corps;
import io.siyu.organization.NewUser;
import io.siyu.organization.UserAccounts;
import io.siyu.sandbox.ClientActions;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WorldSpec;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;
import io.siyu.wecom.SandboxConnection;
import io.siyu.wecom.sync.SyncResult;
import io.siyu.wecom.sync.WeComSync;

/**
 * Auto-tag rules against the sandbox: a customer added through a channel code (a real signed callback) and behaviour
 * other modules record on the timeline (group join, link click, purchase, points, level) tag the customer in WeCom,
 * once per rule; rules are validated, need TAGS_MANAGE and stay within their corp.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutoTagRuleTest {

	@LocalServerPort
	int port;

	@Autowired
	Corps corps;

	@Autowired
	WeComSync sync;

	@Autowired
	AutoTagRules rules;

	@Autowired
	Timeline timeline;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	ApiTokens tokens;

	@Autowired
	UserAccounts users;

	@Autowired
	TestCorp testCorps;

	WeComSandbox sandbox;

	SandboxConnection corp;

	List<Long> tags;

	@BeforeAll
	void start() {
		sandbox = WeComSandbox.builder().port(0).seed(5).build().start();
		corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(1, 2, 10, 0, 8));
		corp.wecom().callbackUrl("http://127.0.0.1:" + port + "/wecom/callback/" + corp.wecom().corpId());
		assertThat(sync.run(corp.corpId()).outcome()).isEqualTo(SyncResult.Outcome.DONE);
		tags = jdbc.sql("select id from tag where corp_id = ? and deleted_at is null order by id").param(corp.corpId())
			.query(Long.class).list();
		assertThat(tags).hasSizeGreaterThanOrEqualTo(8);
	}

	@AfterAll
	void stop() {
		sandbox.stop();
	}

	private Actor operator() {
		return new Actor(corp.corpId(), 1, "op", Actor.Kind.USER, Role.OPERATOR, null, null);
	}

	@Test
	void aCustomerAddedThroughAChannelCodeGetsTheChannelsTags() {
		long tag = tags.get(0);
		Actors.runAs(operator(), () -> rules.create("春季展会", "CHANNEL", "spring-fair", List.of(tag)));
		String fair = corp.wecom().addContactWayForAllStaff("spring-fair");
		String other = corp.wecom().addContactWayForAllStaff("autumn");
		ClientActions.Added added = corp.wecom().actions().customerScans(fair);
		ClientActions.Added elsewhere = corp.wecom().actions().customerScans(other);

		await().atMost(Duration.ofSeconds(30)).until(() -> corp.wecom().tagsOf(added.userid(), added.externalUserId())
			.contains(wecomId(tag)));
		await().atMost(Duration.ofSeconds(15)).until(() -> carries(added.externalUserId(), tag));
		assertThat(corp.wecom().tagsOf(elsewhere.userid(), elsewhere.externalUserId())).doesNotContain(wecomId(tag));
		assertThat(carries(elsewhere.externalUserId(), tag)).isFalse();
	}

	@Test
	void behaviourOnTheTimelineTagsTheCustomerOncePerRule() throws Exception {
		long groupTag = tags.get(1);
		long linkTag = tags.get(2);
		long productTag = tags.get(3);
		long pointsTag = tags.get(4);
		long levelTag = tags.get(5);
		long offTag = tags.get(6);
		Actors.runAs(operator(), () -> {
			rules.create("进群", "GROUP_JOIN", "wr-vip-group", List.of(groupTag));
			rules.create("点链接", "LINK_CLICK", "", List.of(linkTag));
			rules.create("买咖啡豆", "PURCHASE", "SKU-BEANS", List.of(productTag));
			rules.create("积分 500", "POINTS", "500", List.of(pointsTag));
			rules.create("金卡", "LEVEL", "gold", List.of(levelTag));
			long off = rules.create("停用的", "LEVEL", "silver", List.of(offTag)).id();
			rules.update(off, null, null, null, false);
		});
		String userid = corp.wecom().staffIds().stream().filter(u -> !corp.wecom().customersOf(u).isEmpty()).findFirst()
			.orElseThrow();
		String ext = corp.wecom().customersOf(userid).get(0);
		List<String> before = corp.wecom().tagsOf(userid, ext);
		long customer = jdbc.sql("select id from customer where corp_id = ? and external_userid = ?")
			.params(corp.corpId(), ext).query(Long.class).single();

		append(customer, "group_joined", "wr-other-group", null);
		append(customer, "points_changed", null, 300L);
		append(customer, "level_changed", "silver", null);
		append(customer, "group_joined", "wr-vip-group", null);
		append(customer, "link_clicked", "https://siyu.example/l/1", null);
		append(customer, "link_clicked", "https://siyu.example/l/2", null);
		append(customer, "product_purchased", "SKU-BEANS", 3900L);
		append(customer, "points_changed", null, 650L);
		append(customer, "level_changed", "gold", null);

		for (long t : List.of(groupTag, linkTag, productTag, pointsTag, levelTag)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> corp.wecom().tagsOf(userid, ext).contains(wecomId(t)));
			await().atMost(Duration.ofSeconds(10)).until(() -> carries(ext, t));
		}
		Thread.sleep(1500); // the events that must change nothing had as long as the others
		if (!before.contains(wecomId(offTag))) {
			assertThat(corp.wecom().tagsOf(userid, ext)).doesNotContain(wecomId(offTag));
		}
		assertThat(jdbc.sql("select count(*) from auto_tag_hit where corp_id = ? and customer_id = ?")
			.params(corp.corpId(), customer).query(Long.class).single()).isEqualTo(5);
		// two clicks, one rule: tagged once
		assertThat(jdbc.sql("select count(*) from customer_event where corp_id = ? and customer_id = ? and kind = 'tagged'"
				+ " and ref = ? and userid = ?").params(corp.corpId(), customer, String.valueOf(linkTag), userid)
			.query(Long.class).single()).isLessThanOrEqualTo(1);
		assertThat(Actors.callAs(operator(), () -> rules.list(new io.siyu.shared.PageQuery(0, 50))).items())
			.filteredOn(r -> r.kind().equals("LINK_CLICK")).first().extracting(AutoTagRuleView::hits).isEqualTo(1L);
	}

	@Test
	void rulesAreValidatedNeedTagManagersAndStayInTheirCorp() throws Exception {
		String token = Actors.callAs(Actor.system(corp.corpId()), () -> tokens.issue("rules", Role.OPERATOR, null, null)
			.token());
		Http http = new Http(port);
		long before = jdbc.sql("select count(*) from auto_tag_rule where corp_id = ?").param(corp.corpId())
			.query(Long.class).single();
		String tag = String.valueOf(tags.get(7));
		assertStatus(post(http, token, "{\"name\":\"x\",\"kind\":\"MOON_PHASE\",\"tagIds\":[" + tag + "]}"), 400);
		assertStatus(post(http, token, "{\"name\":\"x\",\"kind\":\"CHANNEL\",\"tagIds\":[" + tag + "]}"), 400);
		assertStatus(post(http, token, "{\"name\":\"x\",\"kind\":\"POINTS\",\"param\":\"many\",\"tagIds\":[" + tag + "]}"),
				400);
		assertStatus(post(http, token, "{\"name\":\"x\",\"kind\":\"LINK_CLICK\",\"tagIds\":[]}"), 400);
		assertStatus(post(http, token, "{\"name\":\"x\",\"kind\":\"LINK_CLICK\",\"tagIds\":[999999999]}"), 400);
		assertStatus(post(http, token, "{\"name\":\"\",\"kind\":\"LINK_CLICK\",\"tagIds\":[" + tag + "]}"), 400);
		TestCorp.Fixture other = testCorps.create();
		assertStatus(http.send("POST", "/api/v1/auto-tag-rules", other.storeToken(), "{\"name\":\"x\",\"kind\":"
				+ "\"LINK_CLICK\",\"tagIds\":[1]}", List.of()), 403);
		assertThat(jdbc.sql("select count(*) from auto_tag_rule where corp_id = ?").param(corp.corpId()).query(Long.class)
			.single()).isEqualTo(before);

		Http.Response created = post(http, token, "{\"name\":\"扫码\",\"kind\":\"channel\",\"param\":\"store-1\",\"tagIds\":["
				+ tag + "]}");
		assertThat(created.status()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		assertThat(created.json().get("kind").asString()).isEqualTo("CHANNEL");
		assertThat(http.get("/api/v1/auto-tag-rules/kinds", token).json().toString()).contains("CHANNEL", "GROUP_JOIN",
				"LINK_CLICK", "PURCHASE", "POINTS", "LEVEL");
		assertThat(http.send("PATCH", "/api/v1/auto-tag-rules/" + id, token, "{\"enabled\":false}", List.of()).json()
			.get("enabled").asBoolean()).isFalse();
		assertStatus(http.get("/api/v1/auto-tag-rules/" + id, other.adminToken()), 404);
		assertStatus(http.send("DELETE", "/api/v1/auto-tag-rules/" + id, other.adminToken(), null, List.of()), 404);

		ConsoleBrowser console = new ConsoleBrowser(port);
		Actors.runAs(Actor.system(corp.corpId()), () -> users.create(new NewUser("rules-" + corp.corpId(), "Ops",
				TestCorp.PASSWORD, Role.OPERATOR, null, null)));
		console.login("rules-" + corp.corpId(), TestCorp.PASSWORD);
		assertThat(console.get("/console/auto-tag-rules/section").body()).contains("扫码", "通过渠道添加", "store-1", "停用");
		assertThat(http.send("DELETE", "/api/v1/auto-tag-rules/" + id, token, null, List.of()).status()).isEqualTo(204);
		assertStatus(http.get("/api/v1/auto-tag-rules/" + id, token), 404);
	}

	@Test
	void onlyTheKindsATriggerWatchesAreHandedToTheRules() {
		long customer = jdbc.sql("select min(id) from customer where corp_id = ?").param(corp.corpId())
			.query(Long.class).single();
		// publications are stored when the event is published, inside the transaction: counted before its commit
		List<Long> stored = tx.execute(s -> Actors.callAs(Actor.system(corp.corpId()), () -> {
			long before = autoTagPublications(customer);
			timeline.append(customer, "note", Instant.now(), null, "a note", null, null);
			long afterNote = autoTagPublications(customer);
			timeline.append(customer, "product_purchased", Instant.now(), null, "SKU-NOBODY-TAGS", 100L, null);
			return List.of(afterNote - before, autoTagPublications(customer) - afterNote);
		}));
		assertThat(stored).containsExactly(0L, 1L);
	}

	/** This customer's only: other tests' listeners complete (and delete theirs) meanwhile. */
	private long autoTagPublications(long customer) {
		return jdbc.sql("select count(*) from event_publication where listener_id like 'io.siyu.tagging.AutoTagging.%'"
				+ " and serialized_event like ?").param("%\"customerId\":" + customer + ",%")
			.query(Long.class).single();
	}

	private void append(long customer, String kind, String ref, Long amount) {
		Actors.runAs(Actor.system(corp.corpId()), () -> timeline.append(customer, kind, Instant.now(), null, ref, amount,
				null));
	}

	private Http.Response post(Http http, String token, String body) {
		return http.send("POST", "/api/v1/auto-tag-rules", token, body, List.of());
	}

	private String wecomId(long tag) {
		return jdbc.sql("select wecom_id from tag where id = ?").param(tag).query(String.class).single();
	}

	private boolean carries(String externalUserId, long tag) {
		return jdbc.sql("select count(*) from customer_tag t join customer c on c.id = t.customer_id where c.corp_id = ?"
				+ " and c.external_userid = ? and t.tag_id = ?").params(corp.corpId(), externalUserId, tag)
			.query(Long.class).single() > 0;
	}

	private static void assertStatus(Http.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}
}
