package io.siyu.acquisition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.siyu.organization.Corps;
import io.siyu.sandbox.ClientActions;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WelcomeMessage;
import io.siyu.sandbox.WorldSpec;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.wecom.SandboxConnection;
import io.siyu.wecom.sync.WeComSync;

/**
 * The welcome path keeps the code's welcome, the defaults and staff names in memory: an edit of the code's welcome,
 * a paused code and a new default take effect with the very next add on this node, not after the cache's TTL. And the
 * contact read for the customer's name is the one the add's processing uses: one read of the contact per add.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WelcomeChoiceTest {

	@LocalServerPort
	int port;

	@Autowired
	Corps corps;

	@Autowired
	WeComSync sync;

	@Autowired
	LiveCodes codes;

	@Autowired
	WelcomeDefaults defaults;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	WeComSandbox sandbox;

	@BeforeAll
	void start() {
		sandbox = WeComSandbox.builder().port(0).seed(11).build().start();
	}

	@AfterAll
	void stop() {
		sandbox.stop();
	}

	@Test
	void anEditedWelcomeAppliesToTheNextAddAndTheContactIsReadOncePerAdd() {
		SandboxConnection corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(1, 2, 5, 0, 0));
		sync.run(corp.corpId());
		corp.wecom().callbackUrl("http://127.0.0.1:" + port + "/wecom/callback/" + corp.wecom().corpId());
		String member = corp.wecom().staffIds().get(0);
		long root = jdbc.sql("select id from org_unit where corp_id = ? and parent_id is null").param(corp.corpId())
			.query(Long.class).single();
		CodeDraft draft = new CodeDraft("展会", root, Rotation.IN_ORDER, null, "ALWAYS", null, null,
				List.of(new CodeDraft.CodeMember(member, false)), List.of(), List.of(), List.of(),
				Welcome.text("版本一 {customer}"), null);
		LiveCode code = Actors.callAs(Actor.system(corp.corpId()), () -> codes.create(CodeKind.CHANNEL, draft));
		double readsBefore = contactReads(corp.corpId());

		assertThat(welcomeAfterScan(corp, code)).startsWith("版本一 微信用户");
		// the code's welcome is edited: the next add gets the new text at once (the old one is cached)
		Actors.runAs(Actor.system(corp.corpId()), () -> codes.update(code.id(), new CodeDraft(draft.name(),
				draft.unitId(), draft.rotation(), null, "ALWAYS", null, null, draft.members(), List.of(), List.of(),
				List.of(), Welcome.text("版本二 {customer}，我是{staff}"), null)));
		assertThat(welcomeAfterScan(corp, code)).startsWith("版本二 微信用户").contains("我是");
		// paused: its adds get the corp's default welcome, set now — and then the member's own
		Actors.runAs(Actor.system(corp.corpId()), () -> codes.pause(code.id()));
		Actors.runAs(Actor.system(corp.corpId()), () -> defaults.set(null, Welcome.text("公司欢迎语")));
		assertThat(welcomeAfterScan(corp, code)).isEqualTo("公司欢迎语");
		Actors.runAs(Actor.system(corp.corpId()), () -> defaults.set(member, Welcome.text("个人欢迎语")));
		assertThat(welcomeAfterScan(corp, code)).isEqualTo("个人欢迎语");
		Actors.runAs(Actor.system(corp.corpId()), () -> codes.resume(code.id()));
		assertThat(welcomeAfterScan(corp, code)).startsWith("版本二 ");

		// every add was processed (customer and relation stored) with one read of the contact each: the three adds
		// that named the customer read it for the welcome, and processing used that read
		await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from wecom_inbox where corp_id = ?"
				+ " and processed_at is null").param(corp.corpId()).query(Long.class).single() == 0);
		await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from customer_follow f join customer c"
				+ " on c.id = f.customer_id where c.corp_id = ? and f.state = ?").params(corp.corpId(), code.state())
			.query(Long.class).single() == 5);
		await().atMost(Duration.ofSeconds(20)).until(() -> contactReads(corp.corpId()) - readsBefore >= 5);
		assertThat(contactReads(corp.corpId()) - readsBefore).isEqualTo(5.0);
		assertThat(jdbc.sql("select count(*) from acq_welcome where corp_id = ? and status = 'SENT'").param(corp.corpId())
			.query(Long.class).single()).isEqualTo(5);
	}

	String welcomeAfterScan(SandboxConnection corp, LiveCode code) {
		ClientActions.Added added = corp.wecom().actions().customerScans(code.state());
		await().atMost(Duration.ofSeconds(15)).until(() -> corp.wecom().welcomeMessages().stream()
			.anyMatch(w -> w.welcomeCode().equals(added.welcomeCode())));
		return corp.wecom().welcomeMessages().stream().filter(w -> w.welcomeCode().equals(added.welcomeCode()))
			.map(WelcomeMessage::text).findFirst().orElseThrow();
	}

	double contactReads(long corpId) {
		return meters.find("siyu.wecom.calls").tag("corp", Long.toString(corpId)).tag("api", "externalcontact/get")
			.counters().stream().mapToDouble(c -> c.count()).sum();
	}
}
