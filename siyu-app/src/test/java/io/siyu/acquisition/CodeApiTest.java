package io.siyu.acquisition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.Http;
import io.siyu.TestCorp;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/channel-codes} over real HTTP: data scope (a store manager runs the codes of their store only),
 * tenant isolation (another corp's code is 404), bad input refused with a problem and nothing stored, status changes,
 * parcel batches. The corps here have no WeCom connection: codes are stored and wait for WeCom (sync_error says why).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CodeApiTest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	JdbcClient jdbc;

	Http http;

	TestCorp.Fixture a;

	TestCorp.Fixture b;

	@BeforeAll
	void setUp() {
		http = new Http(port);
		a = corps.create();
		b = corps.create();
	}

	String body(String name, long unitId, List<String> members, String extra) {
		StringBuilder m = new StringBuilder();
		for (String u : members) {
			m.append(m.isEmpty() ? "" : ",").append("{\"userid\":\"").append(u).append("\",\"backup\":false}");
		}
		return "{\"name\":\"" + name + "\",\"unitId\":" + unitId + ",\"rotation\":\"ROUND_ROBIN\",\"members\":[" + m
				+ "]" + (extra == null ? "" : "," + extra) + "}";
	}

	Http.Response post(String path, String token, String body) {
		return http.send("POST", path, token, body, List.of());
	}

	long codes(long corpId) {
		return jdbc.sql("select count(*) from acq_code where corp_id = ?").param(corpId).query(Long.class).single();
	}

	List<String> storeStaff(int store) {
		return a.staff().subList(store * 3, store * 3 + 3).stream().map(s -> s.userid()).toList();
	}

	@Test
	void storeManagersRunTheirOwnStoreAndOtherCorpsSeeNothing() {
		Http.Response own = post("/api/v1/channel-codes", a.adminToken(), body("门店一海报", a.stores().get(0).id(),
				storeStaff(0), "\"dailyCap\":50,\"welcome\":{\"text\":\"你好 {customer}\"},\"costCents\":5000"));
		assertThat(own.status()).as(own.body()).isEqualTo(201);
		JsonNode code = own.json();
		assertThat(code.get("state").asString()).startsWith("ch-");
		assertThat(code.get("status").asString()).isEqualTo("ACTIVE");
		assertThat(code.get("members")).hasSize(3);
		assertThat(code.get("syncError").asString()).contains("WeCom");
		Http.Response other = post("/api/v1/channel-codes", a.adminToken(), body("门店二海报", a.stores().get(1).id(),
				storeStaff(1), null));
		assertThat(other.status()).isEqualTo(201);
		long otherId = other.json().get("id").asLong();

		// the store manager of store 0: sees and runs their store's codes, not the other store's
		Http.Response list = http.get("/api/v1/channel-codes", a.storeToken());
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().get("items").valueStream().map(n -> n.get("name").asString()).toList())
			.contains("门店一海报").doesNotContain("门店二海报");
		assertThat(http.get("/api/v1/channel-codes/" + otherId, a.storeToken()).status()).isEqualTo(404);
		assertThat(http.send("PUT", "/api/v1/channel-codes/" + otherId, a.storeToken(), body("x", a.stores().get(1).id(),
				storeStaff(1), null), List.of()).status()).isEqualTo(404);
		assertThat(post("/api/v1/channel-codes/" + otherId + "/pause", a.storeToken(), null).status()).isEqualTo(404);
		long before = codes(a.corpId());
		Http.Response foreignStore = post("/api/v1/channel-codes", a.storeToken(), body("越权", a.stores().get(1).id(),
				storeStaff(1), null));
		assertThat(foreignStore.status()).isEqualTo(400);
		Http.Response foreignStaff = post("/api/v1/channel-codes", a.storeToken(), body("越权导购", a.stores().get(0).id(),
				storeStaff(1), null));
		assertThat(foreignStaff.status()).isEqualTo(400);
		assertThat(foreignStaff.json().get("detail").asString()).contains("Unknown or inactive member " + a.tag() + "-s12");
		assertThat(codes(a.corpId())).isEqualTo(before);

		// a store code over the store's guides, made by the store manager
		Http.Response store = post("/api/v1/channel-codes", a.storeToken(), "{\"kind\":\"STORE\",\"name\":\"门店码\","
				+ "\"unitId\":" + a.stores().get(0).id() + ",\"rotation\":\"LEAST_LOADED\"}");
		assertThat(store.status()).as(store.body()).isEqualTo(201);
		assertThat(store.json().get("members").valueStream().map(n -> n.get("userid").asString()).toList())
			.containsExactlyInAnyOrderElementsOf(storeStaff(0));
		assertThat(http.get("/api/v1/channel-codes?kind=STORE", a.storeToken()).json().get("total").asLong()).isEqualTo(1);

		// guides do not manage codes; another corp does not even see them
		assertThat(post("/api/v1/channel-codes", a.guideToken(), body("导购", a.stores().get(0).id(), storeStaff(0), null))
			.status()).isEqualTo(403);
		long id = code.get("id").asLong();
		assertThat(http.get("/api/v1/channel-codes/" + id, b.adminToken()).status()).isEqualTo(404);
		assertThat(post("/api/v1/channel-codes/" + id + "/retire", b.adminToken(), null).status()).isEqualTo(404);
		assertThat(http.get("/api/v1/channel-codes", b.adminToken()).json().get("total").asLong()).isZero();
		assertThat(http.get("/api/v1/channel-codes/" + id, a.adminToken()).json().get("status").asString()).isEqualTo("ACTIVE");
	}

	@Test
	void badInputIsAProblemAndChangesNothing() {
		long before = codes(a.corpId());
		long unit = a.stores().get(0).id();
		List<String> members = storeStaff(0);
		List<String> bad = List.of(
				body("", unit, members, null),
				body("无成员", unit, List.of(), null),
				body("未知成员", unit, List.of("nobody-here"), null),
				body("重复成员", unit, List.of(members.get(0), members.get(0)), null),
				body("上限", unit, members, "\"dailyCap\":0"),
				body("时段", unit, members, "\"autoAccept\":\"HOURS\",\"acceptFrom\":\"25:00\",\"acceptTo\":\"08:00\""),
				body("模式", unit, members, "\"autoAccept\":\"SOMETIMES\""),
				body("班次", unit, members, "\"shifts\":[{\"userid\":\"stranger\",\"day\":1,\"start\":\"09:00\",\"end\":\"18:00\"}]"),
				body("星期", unit, members, "\"shifts\":[{\"userid\":\"" + members.get(0) + "\",\"day\":8,\"start\":\"09:00\",\"end\":\"18:00\"}]"),
				body("标签", unit, members, "\"tagIds\":[999999999]"),
				body("欢迎语", unit, members, "\"welcome\":{\"text\":\"" + "长".repeat(1400) + "\"}"),
				body("附件", unit, members, "\"welcome\":{\"text\":\"hi\",\"attachments\":[{\"type\":\"link\",\"title\":\"t\",\"url\":\"javascript:alert(1)\"}]}"),
				body("成本", unit, members, "\"costCents\":-1"),
				body("单位", 999_999_999L, members, null),
				"{\"name\":\"坏轮换\",\"unitId\":" + unit + ",\"rotation\":\"SIDEWAYS\"}",
				"{not json");
		for (String json : bad) {
			Http.Response r = post("/api/v1/channel-codes", a.adminToken(), json);
			assertThat(r.status()).as(json + " → " + r.body()).isEqualTo(400);
			assertThat(r.contentType()).startsWith("application/problem+json");
		}
		assertThat(codes(a.corpId())).isEqualTo(before);
		Http.Response batch = post("/api/v1/channel-codes/batches", a.adminToken(),
				"{\"name\":\"双11包裹卡\",\"labels\":[\"SKU-1\",\"SKU-1\"],\"code\":" + body("x", unit, members, null) + "}");
		assertThat(batch.status()).isEqualTo(400);
		long someCode = post("/api/v1/channel-codes", a.adminToken(), body("二维码", unit, members, null)).json().get("id").asLong();
		before++;
		assertThat(http.get("/api/v1/channel-codes/" + someCode + "/qr.png?size=99999", a.adminToken()).status()).isEqualTo(400);
		assertThat(codes(a.corpId())).isEqualTo(before);
	}

	@Test
	void pauseResumeRetireAndParcelBatches() {
		long unit = a.stores().get(0).id();
		long id = post("/api/v1/channel-codes", a.adminToken(), body("状态", unit, storeStaff(0), null)).json().get("id").asLong();
		assertThat(post("/api/v1/channel-codes/" + id + "/pause", a.adminToken(), null).json().get("status").asString())
			.isEqualTo("PAUSED");
		assertThat(post("/api/v1/channel-codes/" + id + "/resume", a.adminToken(), null).json().get("status").asString())
			.isEqualTo("ACTIVE");
		assertThat(post("/api/v1/channel-codes/" + id + "/retire", a.adminToken(), null).json().get("status").asString())
			.isEqualTo("RETIRED");
		Http.Response edit = http.send("PUT", "/api/v1/channel-codes/" + id, a.adminToken(), body("改", unit, storeStaff(0), null),
				List.of());
		assertThat(edit.status()).isEqualTo(409);
		assertThat(post("/api/v1/channel-codes/" + id + "/resume", a.adminToken(), null).status()).isEqualTo(409);

		Http.Response batch = post("/api/v1/channel-codes/batches", a.adminToken(),
				"{\"name\":\"双11包裹卡\",\"labels\":[\"SKU-1\",\"SKU-2\",\"天猫店\"],\"code\":" + body("x", unit, storeStaff(0), null) + "}");
		assertThat(batch.status()).as(batch.body()).isEqualTo(201);
		List<JsonNode> codes = batch.json().get("codes").valueStream().toList();
		assertThat(codes).hasSize(3);
		assertThat(codes.stream().map(c -> c.get("state").asString()).distinct()).hasSize(3);
		assertThat(codes.stream().map(c -> c.get("name").asString())).containsExactly("双11包裹卡 · SKU-1",
				"双11包裹卡 · SKU-2", "双11包裹卡 · 天猫店");
		long batchId = batch.json().get("id").asLong();
		assertThat(http.get("/api/v1/channel-codes?kind=PARCEL&batchId=" + batchId, a.adminToken()).json().get("total")
			.asLong()).isEqualTo(3);
	}
}
