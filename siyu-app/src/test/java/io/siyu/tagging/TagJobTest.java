package io.siyu.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
import io.siyu.customer.CustomerFilter;
import io.siyu.customer.CustomerTags;
import io.siyu.organization.ApiTokens;
import io.siyu.organization.Corps;
import io.siyu.organization.NewUser;
import io.siyu.organization.UserAccounts;
import io.siyu.sandbox.SandboxCorp;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WorldSpec;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;
import io.siyu.shared.TenantJdbc;
import io.siyu.wecom.SandboxConnection;
import io.siyu.wecom.WeComTags;
import io.siyu.wecom.sync.SyncResult;
import io.siyu.wecom.sync.WeComSync;

/**
 * Bulk tag jobs against the sandbox with injected WeCom faults (-1, 45009, 45033) and a node that stops mid-job: a
 * second node resumes and every customer ends up tagged exactly once, with an exact outcome per customer. The app's
 * own worker is off here; the test runs the nodes itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"siyu.tagging.jobs.worker=false", "siyu.tagging.jobs.lease=2s", "siyu.tagging.jobs.backoff=100ms",
		"siyu.tagging.jobs.max-backoff=400ms", "siyu.tagging.jobs.per-second=500", "siyu.tagging.jobs.max-customers=100",
		"siyu.wecom.retry.max-attempts=2", "siyu.wecom.retry.initial-backoff=20ms" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TagJobTest {

	@LocalServerPort
	int port;

	@Autowired
	Corps corps;

	@Autowired
	WeComSync sync;

	@Autowired
	TagJobs jobs;

	@Autowired
	TenantJdbc tenantJdbc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CustomerTags customerTags;

	@Autowired
	WeComTags wecomTags;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	TagJobSettings settings;

	@Autowired
	Clock clock;

	@Autowired
	ApiTokens tokens;

	@Autowired
	UserAccounts users;

	@Autowired
	TestCorp testCorps;

	WeComSandbox sandbox;

	@BeforeAll
	void start() {
		sandbox = WeComSandbox.builder().port(0).seed(11).build().start();
	}

	@AfterAll
	void stop() {
		sandbox.stop();
	}

	@AfterEach
	void reset() {
		sandbox.faults().reset();
	}

	private World world(int customers) {
		SandboxConnection corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(2, 3, customers, 0, 2));
		assertThat(sync.run(corp.corpId()).outcome()).isEqualTo(SyncResult.Outcome.DONE);
		long tag = jdbc.sql("select min(id) from tag where corp_id = ? and deleted_at is null").param(corp.corpId())
			.query(Long.class).single();
		String wecomTag = jdbc.sql("select wecom_id from tag where id = ?").param(tag).query(String.class).single();
		return new World(corp.corpId(), corp.wecom(), tag, wecomTag);
	}

	private TagJobRunner node(String name) {
		return new TagJobRunner(tenantJdbc, jdbc, customerTags, wecomTags, tx, settings, clock, name);
	}

	@Test
	void aJobSurvivesWeComFaultsAndARestartAndTagsEveryCustomerExactlyOnce() {
		World w = world(90);
		long customers = count("select count(*) from customer where corp_id = ?", w.corpId());
		// the seeded world has tagged some relations already: marking them again changes nothing in Siyu
		long taggedBefore = count("select count(*) from customer_tag where corp_id = ? and tag_id = " + w.tag(), w.corpId());
		// the first sync may have written timeline entries already (a customer shared by two staff members whose second
		// relation carries the tag): only the job's own entries count below
		long eventsBefore = count("select coalesce(max(id), 0) from customer_event where corp_id = ?", w.corpId());
		sandbox.faults().errorRate(-1, 0.10).errorRate(45009, 0.05).errorRate(45033, 0.05);
		TagJobView job = Actors.callAs(w.operator(), () -> jobs.start(TagJobs.Action.ADD, List.of(w.tag()),
				CustomerFilter.none(), null));
		assertThat(job.total()).isEqualTo(customers);

		// node A stops (as a crash would: its claims stay leased) after 30 customers
		TagJobRunner a = node("node-a");
		AtomicInteger doneByA = new AtomicInteger();
		a.afterItem = id -> {
			if (doneByA.incrementAndGet() == 30) {
				a.halt();
			}
		};
		a.drain();
		assertThat(doneByA.get()).isEqualTo(30);
		assertThat(Actors.callAs(w.operator(), () -> jobs.get(job.id())).status()).isEqualTo("RUNNING");
		assertThat(count("select count(*) from tag_job_item where job_id = ? and status = 'PENDING' and lease_owner like"
				+ " 'node-a/%'", job.id())).isPositive();

		// node B starts, takes A's claims over once their lease expires, and finishes
		TagJobRunner b = node("node-b");
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (!Actors.callAs(w.operator(), () -> jobs.get(job.id())).finished() && System.nanoTime() < deadline) {
			b.drain();
			sleep(200);
		}
		TagJobView done = Actors.callAs(w.operator(), () -> jobs.get(job.id()));
		assertThat(done.status()).isEqualTo("DONE");
		assertThat(done.succeeded()).isEqualTo(customers);
		assertThat(done.failed()).isZero();
		assertThat(count("select count(*) from tag_job_item where job_id = ? and done_by = 'node-a'", job.id()))
			.isEqualTo(30);
		assertThat(count("select count(*) from tag_job_item where job_id = ? and done_by = 'node-b'", job.id()))
			.isEqualTo(customers - 30);
		// retries happened (A's abandoned claims, WeCom's faults) ...
		assertThat(count("select sum(attempts) from tag_job_item where job_id = ?", job.id())).isGreaterThan(customers);

		// ... yet each relation in WeCom carries the tag, and Siyu recorded each exactly once
		List<String[]> relations = new ArrayList<>();
		for (String userid : w.wecom().staffIds()) {
			for (String ext : w.wecom().customersOf(userid)) {
				relations.add(new String[] { userid, ext });
				assertThat(w.wecom().tagsOf(userid, ext)).contains(w.wecomTag());
			}
		}
		assertThat(count("select count(*) from customer_tag where corp_id = ? and tag_id = " + w.tag(), w.corpId()))
			.isEqualTo(relations.size());
		List<Long> perRelation = jdbc.sql("select count(*) from customer_event where corp_id = ? and kind = 'tagged'"
				+ " and ref = ? and id > ? group by customer_id, userid").params(w.corpId(), String.valueOf(w.tag()), eventsBefore)
			.query(Long.class).list();
		assertThat(perRelation).hasSize((int) (relations.size() - taggedBefore)).allMatch(n -> n == 1);
	}

	@Test
	void eachCustomerHasAnExactOutcomeWeComsRefusalsWithTheirReason() {
		World w = world(12);
		String userid = w.wecom().staffIds().stream().filter(u -> w.wecom().customersOf(u).size() >= 2).findFirst()
			.orElseThrow();
		String gone = w.wecom().customersOf(userid).get(0);
		String kept = w.wecom().customersOf(userid).get(1);
		// the member deleted this customer in WeCom and Siyu has not heard yet (no callback): WeCom answers 84061
		w.wecom().actions().staffDeletesCustomer(userid, gone);
		long goneId = customerId(w, gone);
		long keptId = customerId(w, kept);
		String onRefused = "select count(*) from customer_tag where customer_id = ? and userid = '" + userid + "' and tag_id = "
				+ w.tag();
		long refusedBefore = count(onRefused, goneId);
		TagJobView job = Actors.callAs(w.operator(), () -> jobs.start(TagJobs.Action.ADD, List.of(w.tag()), null,
				List.of(goneId, keptId)));
		node("node-c").drain();

		Map<Long, TagJobItemView> items = new java.util.HashMap<>();
		Actors.callAs(w.operator(), () -> jobs.items(job.id(), null, new io.siyu.shared.PageQuery(0, 50))).items()
			.forEach(i -> items.put(i.customerId(), i));
		assertThat(items.get(keptId).status()).isEqualTo("DONE");
		assertThat(items.get(goneId).status()).isEqualTo("FAILED");
		assertThat(items.get(goneId).errcode()).isEqualTo(84061);
		assertThat(items.get(goneId).error()).contains(userid, "84061");
		TagJobView done = Actors.callAs(w.operator(), () -> jobs.get(job.id()));
		assertThat(done.status()).isEqualTo("DONE");
		assertThat(done.succeeded()).isEqualTo(1);
		assertThat(done.failed()).isEqualTo(1);
		assertThat(w.wecom().tagsOf(userid, kept)).contains(w.wecomTag());
		// nothing is recorded for the relation WeCom refused
		assertThat(count(onRefused, goneId)).isEqualTo(refusedBefore);
		assertThat(count("select count(*) from customer_tag where customer_id = ? and userid = '" + userid + "' and tag_id = "
				+ w.tag(), keptId)).isEqualTo(1);

		// removing: the tag leaves the customer in WeCom and in Siyu
		TagJobView untag = Actors.callAs(w.operator(), () -> jobs.start(TagJobs.Action.REMOVE, List.of(w.tag()), null,
				List.of(keptId)));
		node("node-c").drain();
		assertThat(Actors.callAs(w.operator(), () -> jobs.get(untag.id())).succeeded()).isEqualTo(1);
		assertThat(w.wecom().tagsOf(userid, kept)).doesNotContain(w.wecomTag());
	}

	@Test
	void theApiRefusesBadJobsChangingNothingAndShowsProgressWithinScope() throws Exception {
		World w = world(150);
		String token = Actors.callAs(Actor.system(w.corpId()), () -> tokens.issue("ops", Role.OPERATOR, null, null).token());
		Http http = new Http(port);
		long before = count("select count(*) from tag_job where corp_id = ?", w.corpId());
		String tag = String.valueOf(w.tag());
		long someone = jdbc.sql("select min(id) from customer where corp_id = ?").param(w.corpId()).query(Long.class)
			.single();
		assertStatus(http.send("POST", "/api/v1/tag-jobs", token, "{\"action\":\"ADD\",\"tagIds\":[],\"customerIds\":["
				+ someone + "]}", List.of()), 400);
		assertStatus(http.send("POST", "/api/v1/tag-jobs", token, "{\"action\":\"ADD\",\"tagIds\":[999999999],"
				+ "\"customerIds\":[" + someone + "]}", List.of()), 400);
		assertStatus(http.send("POST", "/api/v1/tag-jobs", token, "{\"action\":\"PAINT\",\"tagIds\":[" + tag + "],"
				+ "\"customerIds\":[" + someone + "]}", List.of()), 400);
		assertStatus(http.send("POST", "/api/v1/tag-jobs", token, "{\"action\":\"ADD\",\"tagIds\":[" + tag + "],"
				+ "\"customerIds\":[" + someone + ", 999999999]}", List.of()), 400);
		assertStatus(http.send("POST", "/api/v1/tag-jobs", token, "{\"action\":\"ADD\",\"tagIds\":[" + tag + "],"
				+ "\"customerIds\":[" + someone + "],\"filter\":{}}", List.of()), 400);
		// 150 customers, and this node allows 100 per job
		Http.Response tooMany = http.send("POST", "/api/v1/tag-jobs", token, "{\"action\":\"ADD\",\"tagIds\":[" + tag
				+ "],\"filter\":{}}", List.of());
		assertStatus(tooMany, 422);
		assertThat(tooMany.json().get("detail").asString()).contains("100");
		assertStatus(http.send("POST", "/api/v1/tag-jobs", token, "{\"action\":\"ADD\",\"tagIds\":[" + tag
				+ "],\"filter\":{\"q\":\"nobody-has-this-name\"}}", List.of()), 422);
		assertThat(count("select count(*) from tag_job where corp_id = ?", w.corpId())).isEqualTo(before);

		Http.Response started = http.send("POST", "/api/v1/tag-jobs", token, "{\"action\":\"ADD\",\"tagIds\":[" + tag
				+ "],\"customerIds\":[" + someone + "]}", List.of());
		assertThat(started.status()).isEqualTo(202);
		long jobId = started.json().get("id").asLong();
		assertThat(started.raw().headers().firstValue("Location")).hasValue("/api/v1/tag-jobs/" + jobId);
		assertThat(http.get("/api/v1/tag-jobs/" + jobId, token).json().get("pending").asLong()).isEqualTo(1);

		ConsoleBrowser console = new ConsoleBrowser(port);
		Actors.runAs(Actor.system(w.corpId()), () -> users.create(new NewUser("ops-" + w.corpId(), "Ops", TestCorp.PASSWORD,
				Role.OPERATOR, null, null)));
		console.login("ops-" + w.corpId(), TestCorp.PASSWORD);
		String running = console.get("/console/tag-jobs/" + jobId).body();
		assertThat(running).contains("进行中", "every 1s", "/console/tag-jobs/" + jobId + "/progress");
		node("node-d").drain();
		Http.Response done = http.get("/api/v1/tag-jobs/" + jobId, token);
		assertThat(done.json().get("status").asString()).isEqualTo("DONE");
		assertThat(done.json().get("succeeded").asLong()).isEqualTo(1);
		String finished = console.get("/console/tag-jobs/" + jobId + "/progress").body();
		assertThat(finished).contains("已完成", "100%").doesNotContain("every 1s");
		assertThat(console.get("/console/tags").body()).contains("/console/tag-jobs/section");
		assertThat(console.get("/console/tag-jobs/section").body()).contains("/console/tag-jobs/" + jobId);
		assertThat(console.get("/console/tag-jobs/new").body()).contains("150");

		// another corp does not see it
		TestCorp.Fixture other = testCorps.create();
		assertStatus(http.get("/api/v1/tag-jobs/" + jobId, other.adminToken()), 404);
		assertStatus(http.get("/api/v1/tag-jobs/" + jobId + "/items", other.adminToken()), 404);
	}

	private long customerId(World w, String externalUserId) {
		return jdbc.sql("select id from customer where corp_id = ? and external_userid = ?")
			.params(w.corpId(), externalUserId).query(Long.class).single();
	}

	private long count(String sql, Object param) {
		Long n = jdbc.sql(sql).param(param).query(Long.class).single();
		return n == null ? 0 : n;
	}

	private static void assertStatus(Http.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		if (status >= 400) {
			assertThat(response.contentType()).startsWith("application/problem+json");
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	record World(long corpId, SandboxCorp wecom, long tag, String wecomTag) {

		Actor operator() {
			return new Actor(corpId, 1, "op", Actor.Kind.USER, Role.OPERATOR, null, null);
		}
	}
}
