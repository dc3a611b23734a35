package io.siyu.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.Http;
import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;
import io.siyu.shared.Actors;
import io.siyu.customer.CustomerTags;
import io.siyu.organization.OrgUnits;
import io.siyu.shared.Actor;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/segments} over real HTTP: preview within the token's data scope (store manager, guide), corp
 * isolation, positioned 400s that change nothing, saved segments, and the index following events (a tag applied, an
 * order appended) within a second, with dynamic segments announcing who entered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SegmentApiTest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

	@Autowired
	CustomerTags customerTags;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	org.springframework.transaction.support.TransactionTemplate tx;

	@Autowired
	Announcements announcements;

	@Autowired
	OrgUnits units;

	static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

	Http http;

	TestCorp.Fixture a;

	TestCorp.Fixture b;

	Map<String, Long> tags;

	long alice;

	long bob;

	long carol;

	@BeforeEach
	void data() {
		http = new Http(port);
		a = corps.create();
		b = corps.create();
		tags = customers.tags(a.corpId(), Map.of("等级", List.of("金卡", "银卡")));
		Instant t = Instant.now().minus(2, ChronoUnit.DAYS);
		String gold = TestCustomers.wecomTagId(a.corpId(), "等级", "金卡");
		Map<String, Long> ids = customers.customers(a.corpId(), List.of(
				Customer.of("wmA" + a.tag(), "Alice", Follow.by(a.guide().userid(), t, gold)),
				Customer.of("wmB" + a.tag(), "Bob", Follow.by(a.staff().get(4).userid(), t, gold)),
				Customer.of("wmC" + a.tag(), "Carol", Follow.by(a.staff().get(7).userid(), t))));
		alice = ids.get("wmA" + a.tag());
		bob = ids.get("wmB" + a.tag());
		carol = ids.get("wmC" + a.tag());
		customers.tags(b.corpId(), Map.of("其他", List.of("铜卡")));
	}

	@Test
	void previewCountsWithinTheCallersScope() {
		JsonNode all = preview("tags any (\"金卡\")", a.adminToken());
		assertThat(all.get("count").asLong()).isEqualTo(2);
		assertThat(all.get("sample").findValuesAsString("name")).containsExactlyInAnyOrder("Alice", "Bob");
		assertThat(all.get("text").asString()).isEqualTo("tags any (\"金卡\")");
		assertThat(all.get("json").get("ids").get(0).asLong()).isEqualTo(tags.get("金卡"));

		JsonNode store = preview("tags any (\"金卡\")", a.storeToken());
		assertThat(store.get("count").asLong()).isEqualTo(1);
		assertThat(store.get("sample").findValuesAsString("name")).containsExactly("Alice");
		JsonNode everyoneInStore = preview("not tags none (\"金卡\", \"银卡\") or gender in (male, female, unknown)",
				a.storeToken());
		assertThat(everyoneInStore.get("count").asLong()).isEqualTo(1);
		assertThat(preview("gender in (male, female, unknown)", a.guideToken()).get("count").asLong()).isEqualTo(1);
		assertThat(preview("gender in (male, female, unknown)", a.adminToken()).get("count").asLong()).isEqualTo(3);

		// the JSON form works as well
		Http.Response json = http.send("POST", "/api/v1/segments/preview", a.storeToken(),
				"{\"expression\": {\"not\": {\"tags\": \"any\", \"ids\": [" + tags.get("金卡") + "]}}}", List.of());
		assertThat(json.status()).isEqualTo(200);
		assertThat(json.json().get("count").asLong()).isZero();
	}

	@Test
	void anotherCorpSeesNothingOfThisOne() {
		Http.Response byName = http.send("POST", "/api/v1/segments/preview", b.adminToken(),
				"{\"expression\": \"tags any (\\\"金卡\\\")\"}", List.of());
		assertThat(byName.status()).isEqualTo(400);
		assertThat(byName.json().get("detail").asString()).contains("unknown tag \"金卡\"");
		Http.Response byId = http.send("POST", "/api/v1/segments/preview", b.adminToken(),
				"{\"expression\": \"tags any (#" + tags.get("金卡") + ")\"}", List.of());
		assertThat(byId.status()).isEqualTo(400);
		assertThat(byId.json().get("detail").asString()).contains("unknown tag #" + tags.get("金卡"));
		assertThat(preview("gender in (male, female, unknown)", b.adminToken()).get("count").asLong()).isZero();

		long id = create("金卡客户", "DYNAMIC", "tags any (\"金卡\")", a.adminToken()).get("id").asLong();
		assertThat(http.get("/api/v1/segments/" + id, b.adminToken()).status()).isEqualTo(404);
		assertThat(http.get("/api/v1/segments/" + id + "/members", b.adminToken()).status()).isEqualTo(404);
		assertThat(http.send("DELETE", "/api/v1/segments/" + id, b.adminToken(), null, List.of()).status()).isEqualTo(404);
		assertThat(http.get("/api/v1/segments", b.adminToken()).json().get("total").asLong()).isZero();
		Http.Response viaSegment = http.send("POST", "/api/v1/segments/preview", b.adminToken(),
				"{\"expression\": \"segment #" + id + "\"}", List.of());
		assertThat(viaSegment.status()).isEqualTo(400);
	}

	@Test
	void badConditionsAre400sThatNameWhereAndWhatAndChangeNothing() {
		Http.Response syntax = http.send("POST", "/api/v1/segments/preview", a.adminToken(),
				"{\"expression\": \"tags any (\\\"金卡\\\" and gender = male\"}", List.of());
		assertThat(syntax.status()).isEqualTo(400);
		assertThat(syntax.contentType()).contains("application/problem+json");
		assertThat(syntax.json().get("detail").asString())
			.isEqualTo("At line 1, column 16: expected ',' or ')' but found 'and'");
		Http.Response jsonForm = http.send("POST", "/api/v1/segments/preview", a.adminToken(),
				"{\"expression\": {\"and\": [{\"gender\": [1]}, {\"count\": \"order_paid\", \"op\": \">=\", \"value\": 1,"
						+ " \"days\": 9999}]}}", List.of());
		assertThat(jsonForm.status()).isEqualTo(400);
		assertThat(jsonForm.json().get("detail").asString()).isEqualTo("At $.and[1].days: a window is 1 to 365 days");
		String huge = "gender = male or ".repeat(300) + "gender = male";
		Http.Response oversized = http.send("POST", "/api/v1/segments/preview", a.adminToken(),
				"{\"expression\": \"" + huge + "\"}", List.of());
		assertThat(oversized.status()).isEqualTo(400);
		assertThat(oversized.json().get("detail").asString()).contains("more than 200 conditions");
		assertThat(http.send("POST", "/api/v1/segments/preview", a.adminToken(), "{}", List.of()).status()).isEqualTo(400);

		Http.Response badSave = http.send("POST", "/api/v1/segments", a.adminToken(),
				"{\"name\": \"坏\", \"expression\": \"tags any (\\\"nope\\\")\"}", List.of());
		assertThat(badSave.status()).isEqualTo(400);
		assertThat(badSave.json().get("detail").asString()).contains("unknown tag \"nope\"");
		assertThat(jdbc.sql("select count(*) from segment where corp_id = ?").param(a.corpId()).query(Long.class).single())
			.isZero();
	}

	@Test
	void savedSegmentsDynamicAndStatic() {
		JsonNode dynamic = create("金卡客户", "DYNAMIC", "tags any (\"金卡\")", a.adminToken());
		assertThat(dynamic.get("count").asLong()).isEqualTo(2);
		assertThat(dynamic.get("kind").asString()).isEqualTo("DYNAMIC");
		JsonNode snapshot = create("金卡快照", "STATIC", "segment \"金卡客户\"", a.adminToken());
		assertThat(snapshot.get("count").asLong()).isEqualTo(2);
		assertThat(snapshot.get("text").asString()).isEqualTo("segment \"金卡客户\"");

		// the store manager sees their own part, may not design segments
		JsonNode seenByStore = http.get("/api/v1/segments/" + snapshot.get("id").asLong(), a.storeToken()).json();
		assertThat(seenByStore.get("count").asLong()).isEqualTo(1);
		assertThat(http.get("/api/v1/segments/" + dynamic.get("id").asLong() + "/members", a.storeToken()).json()
			.get("items").findValuesAsString("name")).containsExactly("Alice");
		assertThat(http.send("POST", "/api/v1/segments", a.storeToken(),
				"{\"name\": \"x\", \"expression\": \"gender = male\"}", List.of()).status()).isEqualTo(403);

		// duplicates, cycles and deleting what another segment uses are refused
		assertThat(http.send("POST", "/api/v1/segments", a.adminToken(),
				"{\"name\": \"金卡客户\", \"expression\": \"gender = male\"}", List.of()).status()).isEqualTo(409);
		Http.Response cycle = http.send("PATCH", "/api/v1/segments/" + dynamic.get("id").asLong(), a.adminToken(),
				"{\"expression\": \"segment \\\"金卡快照\\\"\"}", List.of());
		assertThat(cycle.status()).isEqualTo(400);
		assertThat(http.send("DELETE", "/api/v1/segments/" + dynamic.get("id").asLong(), a.adminToken(), null, List.of())
			.status()).isEqualTo(409);

		// a static snapshot does not follow the data; the dynamic segment does
		tag(carol, List.of(tags.get("金卡")), List.of());
		awaitCount(dynamic.get("id").asLong(), 3);
		assertThat(http.get("/api/v1/segments/" + snapshot.get("id").asLong(), a.adminToken()).json().get("count").asLong())
			.isEqualTo(2);
		assertThat(http.send("DELETE", "/api/v1/segments/" + snapshot.get("id").asLong(), a.adminToken(), null, List.of())
			.status()).isEqualTo(204);
		assertThat(http.get("/api/v1/segments/" + snapshot.get("id").asLong(), a.adminToken()).status()).isEqualTo(404);
	}

	@Test
	void aTagAppliedOrAnOrderShowsInCountsWithinASecondAndDynamicSegmentsAnnounceIt() {
		JsonNode silver = create("银卡客户", "DYNAMIC", "tags any (\"银卡\")", a.adminToken());
		assertThat(silver.get("count").asLong()).isZero();
		tag(carol, List.of(tags.get("银卡")), List.of());
		long started = System.nanoTime();
		while (preview("tags any (\"银卡\")", a.adminToken()).get("count").asLong() == 0) {
			assertThat((System.nanoTime() - started) / 1_000_000).as("ms until the tag counts").isLessThan(1000);
		}
		long entered = System.nanoTime();
		while (announcements.entered.stream().noneMatch(e -> e.segmentId() == silver.get("id").asLong()
				&& e.customerIds().equals(List.of(carol)))) {
			assertThat((System.nanoTime() - entered) / 1_000_000).as("ms until SegmentEntered").isLessThan(2000);
			Thread.onSpinWait();
		}

		Http.Response order = http.send("POST", "/api/v1/customers/" + bob + "/timeline", a.adminToken(),
				"{\"kind\": \"order_paid\", \"amount\": 60000, \"ref\": \"o-1\"}", List.of());
		assertThat(order.status()).isEqualTo(201);
		long ordered = System.nanoTime();
		while (preview("sum(order_paid) >= 50000 within 30 days and rfm.m = 3", a.adminToken()).get("count").asLong() == 0) {
			assertThat((System.nanoTime() - ordered) / 1_000_000).as("ms until the order counts").isLessThan(1000);
		}
		assertThat(preview("count(order_paid, \"o-1\") = 1 within 1 days", a.adminToken()).get("sample")
			.findValuesAsString("name")).containsExactly("Bob");

		tag(carol, List.of(), List.of(tags.get("银卡")));
		long removed = System.nanoTime();
		while (announcements.exited.stream().noneMatch(e -> e.segmentId() == silver.get("id").asLong())) {
			assertThat((System.nanoTime() - removed) / 1_000_000).as("ms until SegmentExited").isLessThan(2000);
			Thread.onSpinWait();
		}
	}

	@Test
	void aStoreMovedToAnotherRegionTakesItsCustomersIntoThatRegionsConditionsAndDynamicSegments() {
		// Alice and Bob are with staff of region 1's stores, Carol with a store of region 2
		JsonNode region = create("一区客户", "DYNAMIC", "unit = \"Region 1\"", a.adminToken());
		assertThat(region.get("count").asLong()).isEqualTo(2);
		assertThat(preview("unit = \"Region 2\"", a.adminToken()).get("sample").findValuesAsString("name"))
			.containsExactly("Carol");

		Actors.runAs(Actor.system(a.corpId()),
				() -> units.update(a.stores().get(2).id(), null, a.regions().get(0).id(), null, null));
		long moved = System.nanoTime();
		while (preview("unit = \"Region 1\"", a.adminToken()).get("count").asLong() != 3) {
			assertThat((System.nanoTime() - moved) / 1_000_000).as("ms until the move counts").isLessThan(2000);
		}
		assertThat(preview("unit = \"Region 2\"", a.adminToken()).get("count").asLong()).isZero();
		while (announcements.entered.stream().noneMatch(e -> e.segmentId() == region.get("id").asLong()
				&& e.customerIds().equals(List.of(carol)))) {
			assertThat((System.nanoTime() - moved) / 1_000_000).as("ms until SegmentEntered").isLessThan(2000);
			Thread.onSpinWait();
		}
		awaitCount(region.get("id").asLong(), 3);
	}

	/** A tag applied on Carol's relation as WeCom confirmed it (what the tagging module records after mark_tag). */
	private void tag(long customer, List<Long> add, List<Long> remove) {
		Actors.runAs(io.siyu.shared.Actor.system(a.corpId()), () -> tx.executeWithoutResult(
				status -> customerTags.record(customer, a.staff().get(7).userid(), add, remove, "TEST")));
	}

	private void awaitCount(long id, long expected) {
		long started = System.nanoTime();
		while (http.get("/api/v1/segments/" + id, a.adminToken()).json().get("count").asLong() != expected) {
			assertThat((System.nanoTime() - started) / 1_000_000).as("ms until segment " + id + " has " + expected)
				.isLessThan(2000);
		}
	}

	private JsonNode preview(String text, String token) {
		Http.Response r = http.send("POST", "/api/v1/segments/preview", token,
				"{\"expression\": " + JSON.writeValueAsString(text) + "}", List.of());
		assertThat(r.status()).as(r.body()).isEqualTo(200);
		return r.json();
	}

	private JsonNode create(String name, String kind, String text, String token) {
		Http.Response r = http.send("POST", "/api/v1/segments", token, "{\"name\": " + JSON.writeValueAsString(name)
				+ ", \"kind\": \"" + kind + "\", \"expression\": " + JSON.writeValueAsString(text) + "}", List.of());
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return r.json();
	}

	/** Collects the engine's announcements (published on its worker thread). */
	static class Announcements {

		final List<SegmentEntered> entered = new CopyOnWriteArrayList<>();

		final List<SegmentExited> exited = new CopyOnWriteArrayList<>();

		@EventListener
		void on(SegmentEntered e) {
			entered.add(e);
		}

		@EventListener
		void on(SegmentExited e) {
			exited.add(e);
		}
	}

	@TestConfiguration
	static class Config {

		@Bean
		Announcements announcements() {
			return new Announcements();
		}
	}
}
