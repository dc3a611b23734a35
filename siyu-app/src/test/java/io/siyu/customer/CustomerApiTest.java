package io.siyu.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.Http;
import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/customers} over real HTTP: filters, data scope by token, tenant isolation, PII masking by role, bad
 * input that changes nothing, timeline append, merges.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomerApiTest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

	@Autowired
	Customers customerService;

	@Autowired
	CustomFields fields;

	@Autowired
	JdbcClient jdbc;

	Http http;

	TestCorp.Fixture a;

	Map<String, Long> ids;

	long alice;

	long bob;

	@BeforeEach
	void data() {
		http = new Http(port);
		a = corps.create();
		customers.tags(a.corpId(), Map.of("等级", List.of("金卡")));
		Instant t = Instant.now().minus(2, ChronoUnit.DAYS);
		ids = customers.customers(a.corpId(), List.of(
				Customer.of("wmA" + a.tag(), "Alice", new Follow(a.guide().userid(), "老客户", t, "store-1",
						List.of(TestCustomers.wecomTagId(a.corpId(), "等级", "金卡")), List.of("138 0013 8000"))),
				Customer.of("wmB" + a.tag(), "Bob", Follow.by(a.staff().get(4).userid(), t))));
		alice = ids.get("wmA" + a.tag());
		bob = ids.get("wmB" + a.tag());
		Actors.runAs(a.actor(Role.CORP_ADMIN), () -> fields.define("level", "会员等级", CustomField.Type.SINGLE,
				List.of("金", "银")));
	}

	@Test
	void listsAndFiltersWithinTheTokensScope() {
		JsonNode all = http.get("/api/v1/customers?size=10", a.adminToken()).json();
		assertThat(all.get("total").asLong()).isEqualTo(2);
		JsonNode byState = http.get("/api/v1/customers?state=store-1", a.adminToken()).json();
		assertThat(byState.get("items")).hasSize(1);
		assertThat(byState.get("items").get(0).get("name").asString()).isEqualTo("Alice");

		// the store token sees the store's customer (the guide is in store 1), the guide only their own
		JsonNode store = http.get("/api/v1/customers", a.storeToken()).json();
		assertThat(store.get("items").findValuesAsString("name")).containsExactly("Alice");
		assertThat(http.get("/api/v1/customers/" + bob, a.storeToken()).status()).isEqualTo(404);
		assertThat(http.get("/api/v1/customers", a.guideToken()).json().get("items").findValuesAsString("name"))
			.containsExactly("Alice");

		TestCorp.Fixture b = corps.create();
		assertThat(http.get("/api/v1/customers", b.adminToken()).json().get("total").asLong()).isZero();
		assertThat(http.get("/api/v1/customers/" + alice, b.adminToken()).status()).isEqualTo(404);
		assertThat(http.get("/api/v1/customers/" + alice + "/timeline", b.adminToken()).status()).isEqualTo(404);
	}

	@Test
	void thePhoneIsWholeOnlyForRolesThatMayReadIt() {
		// the member noted the phone on the relation: it became the customer's phone, stored encrypted
		assertThat(http.get("/api/v1/customers/" + alice, a.adminToken()).json().get("phone").asString())
			.isEqualTo("13800138000");
		assertThat(http.get("/api/v1/customers/" + alice, a.storeToken()).json().get("phone").asString())
			.isEqualTo("138****8000");
		assertThat(http.get("/api/v1/customers?q=13800138000", a.storeToken()).json().get("items").get(0)
			.get("phoneMasked").asString()).isEqualTo("138****8000");
		assertThat(jdbc.sql("select phone_enc from customer where id = ?").param(alice).query(String.class).single())
			.doesNotContain("13800138000");
	}

	@Test
	void badChangesAreRefusedAndChangeNothing() {
		String before = http.get("/api/v1/customers/" + alice, a.adminToken()).body();

		Http.Response unknownField = http.send("PATCH", "/api/v1/customers/" + alice, a.adminToken(),
				"{\"phone\":\"13900000000\",\"fields\":{\"nope\":\"x\"}}", List.of());
		assertThat(unknownField.status()).isEqualTo(400);
		assertThat(unknownField.contentType()).startsWith("application/problem+json");
		Http.Response badChoice = http.send("PATCH", "/api/v1/customers/" + alice, a.adminToken(),
				"{\"phone\":\"13900000000\",\"fields\":{\"level\":\"铜\"}}", List.of());
		assertThat(badChoice.status()).isEqualTo(400);
		assertThat(badChoice.json().get("detail").asString()).contains("会员等级");
		assertThat(http.send("PATCH", "/api/v1/customers/" + alice, a.adminToken(), "{\"stage\":\"NOPE\"}", List.of())
			.status()).isEqualTo(400);
		assertThat(http.send("PATCH", "/api/v1/customers/" + alice, a.adminToken(), "{\"phone\":\"abc\"}", List.of())
			.status()).isEqualTo(400);
		assertThat(http.send("PATCH", "/api/v1/customers/" + alice, a.adminToken(), "{not json", List.of()).status())
			.isEqualTo(400);
		assertThat(http.get("/api/v1/customers/" + alice, a.adminToken()).body()).isEqualTo(before);

		Http.Response ok = http.send("PATCH", "/api/v1/customers/" + alice, a.adminToken(),
				"{\"fields\":{\"level\":\"金\"},\"stage\":\"ENGAGED\",\"stageReason\":\"回访\"}", List.of());
		assertThat(ok.status()).isEqualTo(200);
		assertThat(ok.json().get("fields").get("level").asString()).isEqualTo("金");
		assertThat(ok.json().get("stage").asString()).isEqualTo("ENGAGED");
		assertThat(ok.json().get("stageHistory").get(0).get("reason").asString()).isEqualTo("回访");
	}

	@Test
	void otherSystemsAppendToTheTimeline() {
		Http.Response order = http.send("POST", "/api/v1/customers/" + alice + "/timeline", a.adminToken(),
				"{\"kind\":\"order_paid\",\"ref\":\"sku-42\",\"amount\":12900,\"detail\":\"拿铁 ×3\"}", List.of());
		assertThat(order.status()).isEqualTo(201);
		JsonNode timeline = http.get("/api/v1/customers/" + alice + "/timeline?limit=5", a.adminToken()).json();
		assertThat(timeline.get(0).get("kind").asString()).isEqualTo("order_paid");
		assertThat(timeline.get(0).get("amount").asLong()).isEqualTo(12900);

		assertThat(http.send("POST", "/api/v1/customers/" + alice + "/timeline", a.adminToken(),
				"{\"kind\":\"Bad Kind!\"}", List.of()).status()).isEqualTo(400);
		assertThat(http.send("POST", "/api/v1/customers/" + alice + "/timeline", a.adminToken(),
				"{\"kind\":\"order_paid\",\"at\":\"2999-01-01T00:00:00Z\"}", List.of()).status()).isEqualTo(400);
		assertThat(http.send("POST", "/api/v1/customers/" + bob + "/timeline", a.guideToken(),
				"{\"kind\":\"note\",\"detail\":\"x\"}", List.of()).status()).isEqualTo(404);
		assertThat(http.get("/api/v1/customers/" + alice + "/timeline?limit=500", a.adminToken()).status())
			.isEqualTo(400);
	}

	@Test
	void anImportedRecordWithTheSamePhoneIsMergedAndTwoWeComCustomersAreNot() {
		String phone = jdbc.sql("select phone_enc || '|' || phone_hash || '|' || phone_masked from customer where id = ?")
			.param(alice).query(String.class).single();
		String[] p = phone.split("\\|");
		long imported = customers.imported(a.corpId(), "Alice (CRM)", null, p[0], p[1], p[2]);
		jdbc.sql("insert into customer_event (corp_id, customer_id, kind, at, actor) values (?, ?, 'order_paid',"
				+ " current_timestamp, 'crm')").params(a.corpId(), imported).update();

		JsonNode duplicates = http.get("/api/v1/customers/" + alice + "/duplicates", a.adminToken()).json();
		assertThat(duplicates.findValuesAsString("name")).containsExactly("Alice (CRM)");
		Http.Response merged = http.send("POST", "/api/v1/customers/" + alice + "/merge", a.adminToken(),
				"{\"mergedId\":" + imported + "}", List.of());
		assertThat(merged.status()).isEqualTo(200);
		assertThat(jdbc.sql("select merged_into from customer where id = ?").param(imported).query(Long.class).single())
			.isEqualTo(alice);
		assertThat(jdbc.sql("select count(*) from customer_event where customer_id = ? and kind = 'order_paid'")
			.param(alice).query(Long.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from customer_merge where kept_id = ? and merged_id = ?")
			.params(alice, imported).query(Long.class).single()).isEqualTo(1);
		assertThat(http.get("/api/v1/customers?q=Alice", a.adminToken()).json().get("total").asLong()).isEqualTo(1);

		Http.Response twoWeCom = http.send("POST", "/api/v1/customers/" + alice + "/merge", a.adminToken(),
				"{\"mergedId\":" + bob + "}", List.of());
		assertThat(twoWeCom.status()).isEqualTo(422);
		assertThat(jdbc.sql("select merged_into from customer where id = ?").param(bob).query(Long.class).optional())
			.isEmpty();
	}
}
