package io.siyu.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;
import io.siyu.organization.Corps;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WorldSpec;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;
import io.siyu.wecom.CorpTagsFetched;
import io.siyu.wecom.SandboxConnection;
import io.siyu.wecom.sync.SyncResult;
import io.siyu.wecom.sync.WeComSync;

/**
 * The catalog mirrored both ways: Siyu's changes pushed to the sandbox, the sandbox admin's changes brought back, and
 * the conflict rule when both sides changed a tag (a deletion wins; otherwise the newer change wins).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TagSyncTest {

	@Autowired
	Corps corps;

	@Autowired
	WeComSync sync;

	@Autowired
	TagCatalog catalog;

	@Autowired
	TestCorp testCorps;

	@Autowired
	TestCustomers customers;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	JdbcClient jdbc;

	WeComSandbox sandbox;

	@BeforeAll
	void start() {
		sandbox = WeComSandbox.builder().port(0).seed(7).build().start();
	}

	@AfterAll
	void stop() {
		sandbox.stop();
	}

	@AfterEach
	void reset() {
		sandbox.faults().reset();
		sandbox.rules().corpTagCap(3000);
	}

	@Test
	void siyuChangesReachWeComAndWeComChangesComeBack() {
		SandboxConnection corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(1, 2, 6, 0, 3));
		synced(corp.corpId());
		Actor operator = new Actor(corp.corpId(), 1, "op", Actor.Kind.USER, Role.OPERATOR, null, null);

		TagGroupView group = Actors.callAs(operator, () -> catalog.createGroup("思域组", List.of("甲", "乙")));
		long jia = group.tags().get(0).id();
		long yi = group.tags().get(1).id();
		awaitSynced(corp.corpId());
		String jiaInWeCom = wecomId(jia);
		assertThat(corp.wecom().tagIds()).contains(jiaInWeCom, wecomId(yi));

		Actors.runAs(operator, () -> catalog.renameTag(jia, "甲级"));
		awaitSynced(corp.corpId());
		synced(corp.corpId()); // WeCom's list read after the push: had WeCom the old name, Siyu would take it back
		assertThat(name(jia)).isEqualTo("甲级");

		corp.wecom().actions().tags().rename(wecomId(yi), "乙级（企微改）");
		synced(corp.corpId());
		assertThat(name(yi)).isEqualTo("乙级（企微改）");
		assertThat(state(yi)).isEqualTo("SYNCED");

		// a tag deleted in WeCom leaves Siyu and its customers
		// the seeded world gives customers to some staff, not necessarily the first
		String tagger = corp.wecom().staffIds().stream().filter(s -> !corp.wecom().customersOf(s).isEmpty()).findFirst()
			.orElseThrow();
		String ext = corp.wecom().customersOf(tagger).get(0);
		corp.wecom().actions().staffTagsCustomer(tagger, ext, List.of(wecomId(yi)));
		synced(corp.corpId());
		assertThat(carriers(yi)).isEqualTo(1);
		corp.wecom().actions().tags().delete(wecomId(yi));
		synced(corp.corpId());
		assertThat(deleted(yi)).isTrue();
		assertThat(carriers(yi)).isZero();

		Actors.runAs(operator, () -> catalog.deleteTag(jia));
		awaitSynced(corp.corpId());
		assertThat(corp.wecom().tagIds()).doesNotContain(jiaInWeCom);
	}

	@Test
	void whenBothSidesChangedATagADeletionWinsOtherwiseTheNewerChange() {
		// a corp not connected to WeCom: Siyu's changes stay PENDING, as when WeCom has not taken them yet
		TestCorp.Fixture a = testCorps.create();
		Map<String, Long> tags = customers.tags(a.corpId(), Map.of("等级", List.of("金卡", "银卡", "钻石")));
		customers.customers(a.corpId(), List.of(Customer.of("wmC" + a.tag(), "Carol", Follow.by(a.guide().userid(),
				Instant.now().minus(1, ChronoUnit.DAYS), TestCustomers.wecomTagId(a.corpId(), "等级", "钻石")))));
		Actor operator = a.actor(Role.OPERATOR);
		Instant beforeEdits = Instant.now().minusSeconds(60);
		Actors.runAs(operator, () -> {
			catalog.renameTag(tags.get("金卡"), "黄金卡");
			catalog.deleteTag(tags.get("银卡"));
			catalog.renameTag(tags.get("钻石"), "钻石卡");
			catalog.addTags(catalog.tag(tags.get("金卡")).groupId(), List.of("新卡"));
		});
		long fresh = jdbc.sql("select id from tag where corp_id = ? and name = '新卡'").param(a.corpId())
			.query(Long.class).single();

		// WeCom's list read before Siyu's edits: Siyu's newer rename is kept (and still to be pushed)
		weComSays(a.corpId(), beforeEdits, Map.of("金卡", "金卡", "银卡", "银卡", "钻石", "钻石"));
		assertThat(name(tags.get("金卡"))).isEqualTo("黄金卡");
		assertThat(state(tags.get("金卡"))).isEqualTo("PENDING");

		// read after them: an admin renamed it in WeCom meanwhile; WeCom's newer name wins. The tag Siyu deleted stays
		// deleted; the tag WeCom no longer lists is deleted in Siyu (and leaves Carol) although Siyu renamed it; the tag
		// whose create answer was lost is matched by name, not duplicated.
		weComSays(a.corpId(), Instant.now().plusSeconds(1), Map.of("金卡", "铂金卡", "银卡", "银卡", "新卡", "新卡"));
		assertThat(name(tags.get("金卡"))).isEqualTo("铂金卡");
		assertThat(state(tags.get("金卡"))).isEqualTo("SYNCED");
		assertThat(deleted(tags.get("银卡"))).isTrue();
		assertThat(state(tags.get("银卡"))).isEqualTo("PENDING");
		assertThat(deleted(tags.get("钻石"))).isTrue();
		assertThat(carriers(tags.get("钻石"))).isZero();
		assertThat(wecomId(fresh)).isEqualTo(TestCustomers.wecomTagId(a.corpId(), "等级", "新卡"));
		assertThat(jdbc.sql("select count(*) from tag where corp_id = ? and name = '新卡' and deleted_at is null")
			.param(a.corpId()).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aPushRefusedByWeComsCapIsMarkedFailedWithTheReason() {
		SandboxConnection corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(1, 1, 2, 0, 2));
		synced(corp.corpId());
		// WeCom counts strategy tags too, which Siyu does not list: its own cap can bite before Siyu's count says so
		sandbox.rules().corpTagCap(corp.wecom().tagIds().size());
		Actor operator = new Actor(corp.corpId(), 1, "op", Actor.Kind.USER, Role.OPERATOR, null, null);
		long id = Actors.callAs(operator, () -> catalog.createGroup("超额", List.of("放不下"))).tags().get(0).id();
		await(() -> !"PENDING".equals(state(id)));
		assertThat(state(id)).isEqualTo("FAILED");
		assertThat(jdbc.sql("select last_error from tag where id = ?").param(id).query(String.class).single())
			.contains("3000", "45035");
		assertThat(jdbc.sql("select g.sync_state from tag_group g join tag t on t.group_id = g.id where t.id = ?").param(id)
			.query(String.class).single()).isEqualTo("FAILED");
	}

	private void weComSays(long corpId, Instant fetchedAt, Map<String, String> wecomIdToName) {
		List<CorpTagsFetched.Tag> list = wecomIdToName.entrySet().stream()
			.map(e -> new CorpTagsFetched.Tag(TestCustomers.wecomTagId(corpId, "等级", e.getKey()), e.getValue(), 0))
			.toList();
		Actors.runAs(Actor.system(corpId), () -> tx.executeWithoutResult(s -> events.publishEvent(new CorpTagsFetched(corpId,
				null, List.of(new CorpTagsFetched.Group("wg-" + corpId + "-等级", "等级", 0, list)), fetchedAt))));
	}

	private void synced(long corpId) {
		SyncResult result = sync.run(corpId);
		assertThat(result.outcome()).isEqualTo(SyncResult.Outcome.DONE);
	}

	private void awaitSynced(long corpId) {
		await(() -> jdbc.sql("select (select count(*) from tag where corp_id = ? and sync_state <> 'SYNCED')"
				+ " + (select count(*) from tag_group where corp_id = ? and sync_state <> 'SYNCED')").params(corpId, corpId)
			.query(Long.class).single() == 0);
	}

	private static void await(BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("condition not met in 20 s");
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionError(e);
			}
		}
	}

	private String wecomId(long tag) {
		return jdbc.sql("select wecom_id from tag where id = ?").param(tag).query(String.class).single();
	}

	private String name(long tag) {
		return jdbc.sql("select name from tag where id = ?").param(tag).query(String.class).single();
	}

	private String state(long tag) {
		return jdbc.sql("select sync_state from tag where id = ?").param(tag).query(String.class).single();
	}

	private boolean deleted(long tag) {
		return jdbc.sql("select deleted_at is not null from tag where id = ?").param(tag).query(Boolean.class).single();
	}

	private long carriers(long tag) {
		return jdbc.sql("select count(*) from customer_tag where tag_id = ?").param(tag).query(Long.class).single();
	}
}
