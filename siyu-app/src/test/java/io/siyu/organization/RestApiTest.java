package io.siyu.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.Http;
import io.siyu.TestCorp;
import tools.jackson.databind.JsonNode;

/** The REST API over real HTTP: tokens, paging, problems, tenant isolation, idempotent writes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RestApiTest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	JdbcClient jdbc;

	Http http;

	TestCorp.Fixture a;

	TestCorp.Fixture b;

	@BeforeEach
	void setUp() {
		http = new Http(port);
		a = corps.create();
		b = corps.create();
	}

	@Test
	void listsArePagedInTheEnvelope() {
		JsonNode page = http.get("/api/v1/staff?page=1&size=5", a.adminToken()).json();
		assertThat(page.get("total").asLong()).isEqualTo(13);
		assertThat(page.get("page").asInt()).isEqualTo(1);
		assertThat(page.get("size").asInt()).isEqualTo(5);
		assertThat(page.get("items")).hasSize(5);
		assertThat(http.get("/api/v1/org-units", a.adminToken()).json().get("total").asLong()).isEqualTo(7);
		assertThat(http.get("/api/v1/users?size=100", a.adminToken()).json().get("total").asLong()).isEqualTo(5);
	}

	@Test
	void noOrUnknownTokenIs401Problem() {
		Http.Response none = http.get("/api/v1/staff", null);
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.contentType()).startsWith("application/problem+json");
		assertThat(http.get("/api/v1/staff", "sy_not-a-real-token-at-all").status()).isEqualTo(401);
	}

	@Test
	void anotherCorpsIdsAre404AndNeverRevealed() {
		Http.Response staff = http.get("/api/v1/staff/" + b.hqStaff().id(), a.adminToken());
		assertThat(staff.status()).isEqualTo(404);
		assertThat(staff.json().get("type").asString()).isEqualTo("urn:siyu:problem:not-found");
		assertThat(staff.body()).doesNotContain(b.hqStaff().name());
		assertThat(http.get("/api/v1/org-units/" + b.hq().id(), a.adminToken()).status()).isEqualTo(404);
		Http.Response patch = http.send("PATCH", "/api/v1/staff/" + b.hqStaff().id(), a.adminToken(),
				"{\"name\":\"Hijacked\"}", List.of());
		assertThat(patch.status()).isEqualTo(404);
		assertThat(http.get("/api/v1/staff/" + b.hqStaff().id(), b.adminToken()).json().get("name").asString())
			.isEqualTo("HQ Operator");
	}

	@Test
	void storeManagerTokenSeesOnlyItsStore() {
		JsonNode page = http.get("/api/v1/staff?size=50", a.storeToken()).json();
		assertThat(page.get("total").asLong()).isEqualTo(3);
		page.get("items").forEach(s -> assertThat(s.get("orgUnitId").asLong()).isEqualTo(a.stores().get(0).id()));
		assertThat(http.get("/api/v1/staff/" + a.hqStaff().id(), a.storeToken()).status()).isEqualTo(404);
		assertThat(http.get("/api/v1/users", a.storeToken()).status()).isEqualTo(403);
	}

	@Test
	void guideCannotWrite() {
		Http.Response create = http.send("POST", "/api/v1/staff", a.guideToken(),
				"{\"userid\":\"g-" + a.tag() + "\",\"name\":\"G\",\"orgUnitId\":" + a.stores().get(0).id() + "}", List.of());
		assertThat(create.status()).isEqualTo(403);
		assertThat(create.json().get("type").asString()).isEqualTo("urn:siyu:problem:forbidden");
	}

	@Test
	void malformedJsonIs400ProblemAndChangesNothing() {
		long before = staffRows(a.corpId());
		Http.Response bad = http.send("POST", "/api/v1/staff", a.adminToken(), "{\"userid\": \"x\", \"name\": ", List.of());
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.contentType()).startsWith("application/problem+json");
		assertThat(bad.json().get("type").asString()).isEqualTo("urn:siyu:problem:malformed-body");
		Http.Response invalid = http.send("POST", "/api/v1/staff", a.adminToken(), "{\"userid\": \"\", \"name\": \"\"}",
				List.of());
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.json().get("type").asString()).isEqualTo("urn:siyu:problem:validation");
		Http.Response badUserid = http.send("POST", "/api/v1/staff", a.adminToken(),
				"{\"userid\": \"has spaces!\", \"name\": \"N\", \"orgUnitId\": " + a.hq().id() + "}", List.of());
		assertThat(badUserid.status()).isEqualTo(400);
		assertThat(badUserid.json().get("detail").asString()).as("the API speaks English").startsWith("userid is 1–64");
		assertThat(http.get("/api/v1/staff?size=1&page=abc", a.adminToken()).status()).isEqualTo(400);
		assertThat(http.get("/api/v1/staff?size=100000", a.adminToken()).status()).isEqualTo(400);
		assertThat(staffRows(a.corpId())).isEqualTo(before);
	}

	@Test
	void duplicateUseridIs409() {
		Http.Response dup = http.send("POST", "/api/v1/staff", a.adminToken(), "{\"userid\":\"" + a.guide().userid()
				+ "\",\"name\":\"Dup\",\"orgUnitId\":" + a.hq().id() + "}", List.of());
		assertThat(dup.status()).isEqualTo(409);
	}

	@Test
	void repeatedIdempotencyKeyReturnsTheFirstResultAndWritesOnce() {
		String key = UUID.randomUUID().toString();
		String body = "{\"userid\":\"idem-" + a.tag() + "\",\"name\":\"Idem\",\"orgUnitId\":" + a.hq().id() + "}";
		Http.Response first = http.send("POST", "/api/v1/staff", a.adminToken(), body, List.of("Idempotency-Key", key));
		Http.Response second = http.send("POST", "/api/v1/staff", a.adminToken(), body, List.of("Idempotency-Key", key));
		assertThat(first.status()).isEqualTo(201);
		assertThat(second.status()).isEqualTo(201);
		assertThat(second.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
		assertThat(second.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
		assertThat(staffRows(a.corpId())).isEqualTo(14);
		Http.Response reused = http.send("POST", "/api/v1/staff", a.adminToken(), body.replace("Idem", "Other"),
				List.of("Idempotency-Key", key));
		assertThat(reused.status()).isEqualTo(422);
		assertThat(reused.json().get("type").asString()).isEqualTo("urn:siyu:problem:idempotency-key-reused");
		// keys are per corp: the same key in corp B is a different request
		Http.Response other = http.send("POST", "/api/v1/staff", b.adminToken(), body.replace(a.tag(), b.tag())
			.replace(String.valueOf(a.hq().id()), String.valueOf(b.hq().id())), List.of("Idempotency-Key", key));
		assertThat(other.status()).isEqualTo(201);
	}

	@Test
	void failedWritesAreNotReplayed() {
		String key = UUID.randomUUID().toString();
		String dup = "{\"userid\":\"" + a.guide().userid() + "\",\"name\":\"Dup\",\"orgUnitId\":" + a.hq().id() + "}";
		assertThat(http.send("POST", "/api/v1/staff", a.adminToken(), dup, List.of("Idempotency-Key", key)).status())
			.isEqualTo(409);
		assertThat(http.send("POST", "/api/v1/staff", a.adminToken(), dup, List.of("Idempotency-Key", key)).status())
			.isEqualTo(409);
	}

	@Test
	void oversizedBodyIsRefused() {
		String huge = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
		Http.Response response = http.send("POST", "/api/v1/staff", a.adminToken(), huge,
				List.of("Idempotency-Key", UUID.randomUUID().toString()));
		assertThat(response.status()).isEqualTo(413);
	}

	@Test
	void createsAndUpdatesThroughTheApiWithAudit() {
		Http.Response unit = http.send("POST", "/api/v1/org-units", a.adminToken(),
				"{\"parentId\":" + a.regions().get(0).id() + ",\"name\":\"新店\",\"kind\":\"STORE\"}", List.of());
		assertThat(unit.status()).isEqualTo(201);
		long unitId = unit.json().get("id").asLong();
		Http.Response moved = http.send("PATCH", "/api/v1/staff/" + a.hqStaff().id(), a.adminToken(),
				"{\"orgUnitId\":" + unitId + ",\"status\":\"RESIGNED\"}", List.of());
		assertThat(moved.status()).isEqualTo(200);
		assertThat(moved.json().get("status").asString()).isEqualTo("RESIGNED");
		Http.Response user = http.send("POST", "/api/v1/users", a.adminToken(), "{\"username\":\"api-" + a.tag()
				+ "\",\"displayName\":\"API\",\"password\":\"long-enough-1\",\"role\":\"STORE_MANAGER\",\"scopeUnitId\":"
				+ unitId + "}", List.of());
		assertThat(user.status()).isEqualTo(201);
		assertThat(user.body()).doesNotContain("password");
		Http.Response platform = http.send("POST", "/api/v1/users", a.adminToken(), "{\"username\":\"p-" + a.tag()
				+ "\",\"displayName\":\"P\",\"password\":\"long-enough-1\",\"role\":\"PLATFORM_ADMIN\"}", List.of());
		assertThat(platform.status()).isEqualTo(403);
		assertThat(jdbc.sql("select count(*) from audit_log where corp_id = ? and action in"
				+ " ('org-unit.created', 'staff.updated', 'user.created') and actor = 'token:admin' and at is not null")
			.param(a.corpId())
			.query(Long.class)
			.single()).isEqualTo(3);
	}

	@Test
	void openApiAndHealthArePublic() {
		Http.Response docs = http.get("/v3/api-docs", null);
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.body()).contains("/api/v1/staff", "/api/v1/org-units", "/api/v1/users");
		assertThat(http.get("/actuator/health", null).body()).contains("UP");
		assertThat(http.get("/actuator/prometheus", null).body()).contains("jvm_memory_used_bytes");
	}

	long staffRows(long corp) {
		return jdbc.sql("select count(*) from staff where corp_id = ?").param(corp).query(Long.class).single();
	}
}
