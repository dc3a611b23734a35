package io.siyu.wecom.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.siyu.organization.Corps;
import io.siyu.sandbox.SandboxCorp;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WorldSpec;
import io.siyu.wecom.SandboxConnection;

/** Full sync against the sandbox: complete, idempotent, resumable under faults. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WeComSyncTest {

	private static final Logger log = LoggerFactory.getLogger(WeComSyncTest.class);

	static WeComSandbox sandbox;

	/** Members this test let resign (JUnit makes one instance per test). */
	final Set<String> resigned = new HashSet<>();

	@Autowired
	WeComSync sync;

	@Autowired
	CustomerSync customerSync;

	@Autowired
	Corps corps;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@BeforeAll
	static void start() {
		sandbox = WeComSandbox.builder().port(0).seed(42).build().start();
	}

	@AfterAll
	static void stop() {
		sandbox.stop();
	}

	@AfterEach
	void cleanUp() {
		sandbox.faults().reset();
		customerSync.afterPage = run -> {
		};
	}

	@Test
	void syncsTenThousandCustomersCompletelyAndASecondRunChangesNothing() {
		SandboxConnection corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(20, 5, 10_000, 30, 20));

		long started = System.nanoTime();
		SyncResult first = sync.run(corp.corpId());
		long millis = (System.nanoTime() - started) / 1_000_000;
		log.info("Full sync of 10,000 customers: {} ms, {} items, {} calls", millis, first.items(), first.calls());

		assertThat(first.outcome()).isEqualTo(SyncResult.Outcome.DONE);
		assertThat(millis).isLessThan(30_000);
		assertComplete(corp);
		Map<String, List<Map<String, Object>>> before = snapshot(corp.corpId());

		SyncResult second = sync.run(corp.corpId());

		assertThat(second.runId()).isNotEqualTo(first.runId());
		assertThat(second.resumed()).isFalse();
		assertThat(snapshot(corp.corpId())).isEqualTo(before);
	}

	@Test
	void resumesFromItsCheckpointAfterACrashUnderTwentyPercentFaults() {
		SandboxConnection corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(20, 5, 10_000, 30, 20));
		sandbox.faults().errorRate(-1, 0.07).errorRate(45009, 0.07).errorRate(42001, 0.06);
		AtomicInteger pages = new AtomicInteger();
		customerSync.afterPage = run -> {
			if (pages.incrementAndGet() == 40) {
				throw new IllegalStateException("node crashed");
			}
		};

		assertThatThrownBy(() -> sync.run(corp.corpId())).hasMessage("node crashed");
		long pagesBeforeCrash = pageCalls(corp);
		assertThat(pagesBeforeCrash).isEqualTo(40);

		customerSync.afterPage = run -> pages.incrementAndGet();
		SyncResult resumed = sync.run(corp.corpId());

		assertThat(resumed.outcome()).isEqualTo(SyncResult.Outcome.DONE);
		assertThat(resumed.resumed()).isTrue();
		long relations = relationsInSandbox(corp.wecom()).size();
		long minimumPages = (relations + CustomerSync.PAGE_SIZE - 1) / CustomerSync.PAGE_SIZE;
		// every page fetched once: no start-over after the resume (each member batch ends with a short page)
		assertThat(pageCalls(corp)).isEqualTo(pages.get()).isLessThanOrEqualTo(minimumPages + 1);
		assertThat(errors(corp)).isPositive();
		log.info("Resumed sync under faults: {} pages before crash, {} in all, {} relations, {} errors answered",
				pagesBeforeCrash, pageCalls(corp), relations, errors(corp));
		assertComplete(corp);
	}

	@Test
	void mirrorsDepartmentsAndStaffAndFollowsChanges() {
		SandboxConnection corp = SandboxConnection.create(corps, sandbox);
		SandboxCorp wecom = corp.wecom();
		wecom.seed(new WorldSpec(12, 3, 200, 5, 10));
		sync.run(corp.corpId());

		// WeCom: HQ (1) → 2 regions → 12 stores; the HQ is the corp's own root unit
		assertThat(count("select count(*) from org_unit where corp_id = ? and wecom_dept_id is not null", corp))
			.isEqualTo(14);
		assertThat(count("select count(*) from org_unit u join org_unit p on p.id = u.parent_id"
				+ " where u.corp_id = ? and u.wecom_dept_id is not null and p.parent_id is not null"
				+ " and p.wecom_dept_id is null", corp)).isZero();
		assertThat(count("select count(*) from staff s join org_unit u on u.id = s.org_unit_id where s.corp_id = ?"
				+ " and s.status = 'ACTIVE' and u.wecom_dept_id is not null", corp)).isEqualTo(36);

		// a group owner leaves: the group waits for a transfer in WeCom and must stay mirrored
		String leaving = jdbc.sql("select min(owner_userid) from customer_group where corp_id = ?").param(corp.corpId())
			.query(String.class).single();
		// another member with a customer (the sandbox's random corp leaves some staff without any)
		String otherMember = wecom.staffIds().stream().filter(id -> !id.equals(leaving) && !wecom.customersOf(id).isEmpty())
			.findFirst().orElseThrow();
		String lostCustomer = wecom.customersOf(otherMember).get(0);
		wecom.actions().staffResigns(leaving);
		resigned.add(leaving);
		wecom.actions().customerDeletesStaff(lostCustomer, otherMember);
		SyncResult again = sync.run(corp.corpId());

		assertThat(again.outcome()).isEqualTo(SyncResult.Outcome.DONE);
		assertThat(jdbc.sql("select status from staff where corp_id = ? and userid = ?")
			.params(corp.corpId(), leaving).query(String.class).single()).isEqualTo("RESIGNED");
		assertThat(jdbc.sql("select status from customer_group where corp_id = ? and owner_userid = ? and dismissed = false")
			.params(corp.corpId(), leaving).query(Integer.class).list()).isNotEmpty().containsOnly(1);
		assertThat(jdbc.sql("select f.active from customer_follow f join customer c on c.id = f.customer_id"
				+ " where f.corp_id = ? and f.userid = ? and c.external_userid = ?")
			.params(corp.corpId(), otherMember, lostCustomer).query(Boolean.class).single()).isFalse();
		assertComplete(corp);
	}

	@Test
	void aCorpIsSyncedByOneRunAtATime() {
		SandboxConnection corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(2, 3, 500, 0, 0));
		AtomicInteger busy = new AtomicInteger();
		customerSync.afterPage = run -> {
			if (sync.run(corp.corpId()).outcome() == SyncResult.Outcome.BUSY) {
				busy.incrementAndGet();
			}
		};

		assertThat(sync.run(corp.corpId()).outcome()).isEqualTo(SyncResult.Outcome.DONE);
		assertThat(busy.get()).isPositive();
	}

	@Test
	void aClaimWhoseHeartbeatWentStaleIsTakenOver() {
		SandboxConnection corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(1, 2, 20, 0, 0));
		sync.run(corp.corpId());
		jdbc.sql("update wecom_sync_claim set status = 'RUNNING', holder = 'other-node', heartbeat_at = ?"
				+ " where corp_id = ?").params(Timestamp.from(Instant.now()), corp.corpId()).update();

		assertThat(sync.run(corp.corpId()).outcome()).isEqualTo(SyncResult.Outcome.BUSY);

		jdbc.sql("update wecom_sync_claim set heartbeat_at = ? where corp_id = ?")
			.params(Timestamp.from(Instant.now().minus(Duration.ofHours(1))), corp.corpId()).update();

		assertThat(sync.run(corp.corpId()).outcome()).isEqualTo(SyncResult.Outcome.DONE);
	}

	private void assertComplete(SandboxConnection corp) {
		Set<String> expected = relationsInSandbox(corp.wecom());
		Set<String> mirrored = new HashSet<>(jdbc.sql("select f.userid || ' ' || c.external_userid from customer_follow f"
				+ " join customer c on c.id = f.customer_id where f.corp_id = ? and f.active = true")
			.param(corp.corpId()).query(String.class).list());
		assertThat(mirrored).isEqualTo(expected);
		// customers stay mirrored after their last relation ended; every followed customer is there
		assertThat(count("select count(*) from customer c where c.corp_id = ? and c.active_follows > 0", corp))
			.isEqualTo(expected.stream().map(r -> r.split(" ")[1]).distinct().count());
		assertThat(jdbc.sql("select chat_id from customer_group where corp_id = ? and dismissed = false")
			.param(corp.corpId()).query(String.class).set()).isEqualTo(new HashSet<>(corp.wecom().groupChatIds()));
		assertThat(count("select count(*) from group_member where corp_id = ?", corp))
			.isEqualTo(corp.wecom().groupChatIds().stream().mapToLong(id -> corp.wecom().groupMembers(id).size()).sum());
		assertThat(count("select count(*) from tag where corp_id = ? and deleted_at is null", corp))
			.isEqualTo(corp.wecom().tagIds().size());
		// every tag WeCom shows on a relation is on the customer in Siyu
		Set<String> sandboxTags = new HashSet<>();
		corp.wecom().staffIds().stream().filter(userid -> !resigned.contains(userid))
			.forEach(userid -> corp.wecom().customersOf(userid).forEach(ext -> corp.wecom().tagsOf(userid, ext)
				.forEach(tag -> sandboxTags.add(userid + " " + ext + " " + tag))));
		Set<String> storedTags = new HashSet<>(jdbc.sql("select ct.userid || ' ' || c.external_userid || ' ' || t.wecom_id"
				+ " from customer_tag ct join customer c on c.id = ct.customer_id join tag t on t.id = ct.tag_id"
				+ " join customer_follow f on f.customer_id = ct.customer_id and f.userid = ct.userid and f.active = true"
				+ " where ct.corp_id = ?").param(corp.corpId()).query(String.class).list());
		assertThat(storedTags).isEqualTo(sandboxTags);
	}

	/** Relations of members with customer contact; those of resigned members wait for a transfer in WeCom. */
	private Set<String> relationsInSandbox(SandboxCorp wecom) {
		Set<String> relations = new HashSet<>();
		wecom.staffIds().stream().filter(userid -> !resigned.contains(userid)).forEach(userid -> wecom.customersOf(userid).forEach(ext -> relations.add(userid + " " + ext)));
		return relations;
	}

	/** Every mirrored row with the columns a sync writes (bookkeeping like synced_run left out). */
	private Map<String, List<Map<String, Object>>> snapshot(long corpId) {
		return Map.of(
				"customers", rows("select * from customer where corp_id = ? order by external_userid", corpId),
				"follows", rows("select customer_id, userid, staff_id, unit_id, remark, description, added_at, add_way, state,"
						+ " active, end_reason, updated_at from customer_follow where corp_id = ? order by customer_id, userid",
						corpId),
				"customerTags", rows("select customer_id, tag_id, userid, tagged_at from customer_tag where corp_id = ?"
						+ " order by customer_id, tag_id, userid", corpId),
				"timeline", rows("select count(*) from customer_event where corp_id = ?", corpId),
				"tags", rows("select * from tag where corp_id = ? order by id", corpId),
				"groups", rows("select id, chat_id, name, owner_userid, notice, created_at, member_version, status, dismissed,"
						+ " members, customers, updated_at from customer_group where corp_id = ? order by chat_id", corpId),
				"members", rows("select * from group_member where corp_id = ? order by group_id, member_id", corpId),
				"units", rows("select * from org_unit where corp_id = ? order by id", corpId),
				"staff", rows("select * from staff where corp_id = ? order by id", corpId),
				"audit", rows("select count(*) from audit_log where corp_id = ?", corpId));
	}

	private List<Map<String, Object>> rows(String sql, long corpId) {
		return jdbc.sql(sql).param(corpId).query().listOfRows();
	}

	private long count(String sql, SandboxConnection corp) {
		return jdbc.sql(sql).param(corp.corpId()).query(Long.class).single();
	}

	private long pageCalls(SandboxConnection corp) {
		var counter = meters.find("siyu.wecom.calls").tag("corp", Long.toString(corp.corpId()))
			.tag("api", "externalcontact/batch/get_by_user").tag("outcome", "ok").counter();
		return counter == null ? 0 : (long) counter.count();
	}

	private long errors(SandboxConnection corp) {
		return meters.find("siyu.wecom.errors").tag("corp", Long.toString(corp.corpId())).counters().stream()
			.mapToLong(c -> (long) c.count())
			.sum();
	}
}
