package io.siyu.acquisition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

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
 * Channel codes end to end through the sandbox: customers scan, the code rotates its members in WeCom, and tags,
 * attribution and the welcome happen exactly once per add — also when WeCom repeats every callback, and when the sender
 * died during a call (its claim goes stale and the sweep finishes the job while the welcome code is valid).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcquisitionFlowTest {

	@LocalServerPort
	int port;

	@Autowired
	Corps corps;

	@Autowired
	WeComSync sync;

	@Autowired
	LiveCodes codes;

	@Autowired
	WelcomeSender sender;

	@Autowired
	JdbcClient jdbc;

	WeComSandbox sandbox;

	@BeforeAll
	void start() {
		sandbox = WeComSandbox.builder().port(0).seed(5).build().start();
	}

	@AfterAll
	void stop() {
		sandbox.stop();
	}

	@AfterEach
	void reset() {
		sandbox.faults().reset();
	}

	SandboxConnection connect() {
		SandboxConnection corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(2, 3, 20, 0, 5));
		sync.run(corp.corpId());
		corp.wecom().callbackUrl("http://127.0.0.1:" + port + "/wecom/callback/" + corp.wecom().corpId());
		return corp;
	}

	long rootUnit(long corpId) {
		return jdbc.sql("select id from org_unit where corp_id = ? and parent_id is null").param(corpId)
			.query(Long.class).single();
	}

	@Test
	void rotatesTagsAttributesAndWelcomesExactlyOnceEvenWhenCallbacksRepeat() throws Exception {
		SandboxConnection corp = connect();
		List<String> members = corp.wecom().staffIds().subList(0, 3);
		Map<String, Object> tag = jdbc.sql("select id, wecom_id from tag where corp_id = ? and wecom_id is not null"
				+ " order by id limit 1").param(corp.corpId()).query().singleRow();
		long tagId = ((Number) tag.get("id")).longValue();
		Welcome welcome = new Welcome("你好 {customer}，我是{staff}", List.of(),
				List.of(new Welcome.Attachment("link", "新人礼", "https://example.com/gift", null, "到店领取", null, null, null)));
		LiveCode code = Actors.callAs(Actor.system(corp.corpId()), () -> codes.create(CodeKind.CHANNEL, new CodeDraft(
				"小红书投放", rootUnit(corp.corpId()), Rotation.ROUND_ROBIN, null, "ALWAYS", null, null,
				members.stream().map(u -> new CodeDraft.CodeMember(u, false)).toList(), List.of(), List.of(),
				List.of(tagId), welcome, 12_000L)));
		assertThat(code.qrUrl()).isNotBlank();
		assertThat(code.assigned()).containsExactly(members.get(0));
		// the QR prints at the size asked for and carries the code's content
		byte[] png = Actors.callAs(Actor.system(corp.corpId()), () -> qr.png(code.id(), 1200));
		java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
		assertThat(image.getWidth()).isEqualTo(1200);
		assertThat(QrImages.decode(image)).contains(Actors.callAs(Actor.system(corp.corpId()), () -> qr.content(code.id())));
		java.awt.image.BufferedImage poster = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
				Actors.callAs(Actor.system(corp.corpId()), () -> qr.poster(code.id(), 1748, null))));
		assertThat(poster.getHeight()).isEqualTo(1748 * 4 / 3);
		// read where the poster drew it: ZXing's search over a whole poster misses ~2 % of clean codes (QrImagesTest)
		java.awt.Rectangle area = QrImages.posterQr(1748);
		assertThat(QrImages.decode(poster.getSubimage(area.x, area.y, area.width, area.height)))
			.contains(Actors.callAs(Actor.system(corp.corpId()), () -> qr.content(code.id())));

		sandbox.faults().callbackDuplicates(true);
		List<ClientActions.Added> adds = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String expected = members.get(i % 3);
			String next = members.get((i + 1) % 3);
			ClientActions.Added added = corp.wecom().actions().customerScans(code.state());
			assertThat(added.userid()).isEqualTo(expected);
			adds.add(added);
			int n = i + 1;
			// the rotation moved the code on to the next member in WeCom before the next customer scans
			await().atMost(Duration.ofSeconds(20)).until(() -> arrivals(code.id()) == n
					&& next.equals(pushed(code.id())));
		}
		sandbox.callbacks().awaitIdle(Duration.ofSeconds(20));
		await().atMost(Duration.ofSeconds(20)).until(() -> welcomesTo(corp, adds).size() == 6);
		await().atMost(Duration.ofSeconds(20)).until(() -> adds.stream()
			.allMatch(a -> corp.wecom().tagsOf(a.userid(), a.externalUserId()).contains((String) tag.get("wecom_id"))));

		List<WelcomeMessage> sent = welcomesTo(corp, adds);
		assertThat(sent).extracting(WelcomeMessage::welcomeCode).doesNotHaveDuplicates();
		assertThat(sent).allSatisfy(w -> {
			assertThat(w.text()).startsWith("你好 微信用户").contains("我是");
			assertThat(w.attachments()).isEqualTo(1);
		});
		assertThat(jdbc.sql("select count(*) from acq_welcome where corp_id = ? and status = 'SENT'").param(corp.corpId())
			.query(Long.class).single()).isEqualTo(6);
		assertThat(jdbc.sql("select count(*) from acq_arrival where corp_id = ? and code_id = ?")
			.params(corp.corpId(), code.id()).query(Long.class).single()).isEqualTo(6);
		assertThat(jdbc.sql("select userid, adds from acq_staff_day where corp_id = ? and code_id = ?")
			.params(corp.corpId(), code.id()).query().listOfRows().stream()
			.collect(Collectors.toMap(r -> (String) r.get("userid"), r -> ((Number) r.get("adds")).intValue())))
			.isEqualTo(Map.of(members.get(0), 2, members.get(1), 2, members.get(2), 2));
		// attribution stays on the relation and the timeline, once per add
		for (ClientActions.Added a : adds) {
			assertThat(jdbc.sql("select f.state from customer_follow f join customer c on c.id = f.customer_id"
					+ " where c.corp_id = ? and c.external_userid = ? and f.userid = ?")
				.params(corp.corpId(), a.externalUserId(), a.userid()).query(String.class).single()).isEqualTo(code.state());
			assertThat(jdbc.sql("select count(*) from customer_event e join customer c on c.id = e.customer_id"
					+ " where c.corp_id = ? and c.external_userid = ? and e.kind = 'channel_arrived'")
				.params(corp.corpId(), a.externalUserId()).query(Long.class).single()).isEqualTo(1);
		}
		// and a retired code keeps its history while its contact way is gone
		LiveCode retired = Actors.callAs(Actor.system(corp.corpId()), () -> codes.retire(code.id()));
		assertThat(retired.status()).isEqualTo(CodeStatus.RETIRED);
		assertThat(jdbc.sql("select count(*) from acq_arrival where code_id = ?").param(code.id()).query(Long.class)
			.single()).isEqualTo(6);
	}

	@Test
	void aWelcomeWhoseSenderDiedIsSentOnceByTheSweepAndAClosedWindowCountsAsMissed() {
		SandboxConnection corp = connect();
		String member = corp.wecom().staffIds().get(0);
		LiveCode code = Actors.callAs(Actor.system(corp.corpId()), () -> codes.create(CodeKind.CHANNEL, new CodeDraft(
				"门店海报", rootUnit(corp.corpId()), Rotation.IN_ORDER, null, "ALWAYS", null, null,
				List.of(new CodeDraft.CodeMember(member, false)), List.of(), List.of(), List.of(),
				Welcome.text("欢迎光临，我是{staff}"), null)));
		// WeCom throttles every call: the fast path gives up and leaves the welcome to the sweep
		sandbox.faults().errorRate(45009, 1.0);
		ClientActions.Added first = corp.wecom().actions().customerScans(code.state());
		await().atMost(Duration.ofSeconds(15)).until(() -> "PENDING".equals(status(corp, first.welcomeCode()))
				&& attempts(corp, first.welcomeCode()) >= 1);
		// as if the process died in the middle of its call: a claim nobody will finish
		jdbc.sql("update acq_welcome set status = 'SENDING', claimed_at = ? where welcome_code = ?")
			.params(java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(30)), first.welcomeCode()).update();
		sandbox.faults().reset();
		await().atMost(Duration.ofSeconds(15)).until(() -> "SENT".equals(status(corp, first.welcomeCode())));
		assertThat(corp.wecom().welcomeMessages()).filteredOn(w -> w.welcomeCode().equals(first.welcomeCode()))
			.hasSize(1)
			.allSatisfy(w -> assertThat(w.text()).startsWith("欢迎光临，我是"));

		// a welcome still unsent when the window closes is MISSED and counted, never sent late
		sandbox.faults().errorRate(45009, 1.0);
		ClientActions.Added second = corp.wecom().actions().customerScans(code.state());
		await().atMost(Duration.ofSeconds(15)).until(() -> "PENDING".equals(status(corp, second.welcomeCode())));
		jdbc.sql("update acq_welcome set deadline = ? where welcome_code = ?")
			.params(java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)), second.welcomeCode()).update();
		sender.sweep();
		assertThat(status(corp, second.welcomeCode())).isEqualTo("MISSED");
		sandbox.faults().reset();
		sender.sweep();
		assertThat(status(corp, second.welcomeCode())).isEqualTo("MISSED");
		assertThat(corp.wecom().welcomeMessages()).noneMatch(w -> w.welcomeCode().equals(second.welcomeCode()));
		assertThat(Actors.callAs(Actor.system(corp.corpId()), () -> welcomeDefaults.outcomes(null)))
			.containsEntry("SENT", 1L).containsEntry("MISSED", 1L);
	}

	@Autowired
	GroupCodes groupCodes;

	@Test
	void aGroupCodeKeepsWorkingWhenItsGroupsFillUpAndAreDismissed() {
		SandboxConnection corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(2, 3, 60, 2, 5));
		sync.run(corp.corpId());
		corp.wecom().callbackUrl("http://127.0.0.1:" + port + "/wecom/callback/" + corp.wecom().corpId());
		String first = corp.wecom().groupChatIds().get(0);
		int members = corp.wecom().groupMembers(first).size();
		sandbox.rules().groupCapacity(members + 1);
		try {
			GroupCode code = Actors.callAs(Actor.system(corp.corpId()), () -> groupCodes.create(new GroupCodes.Draft(
					"会员福利群", rootUnit(corp.corpId()), List.of(first), true, "福利群", 10, "欢迎入群，群公告有福利")));
			assertThat(code.qrUrl()).isNotBlank();
			assertThat(jdbc.sql("select template_id from acq_group_code where id = ?").param(code.id()).query(String.class)
				.single()).isNotBlank();
			// the first customer fills the group, the second makes WeCom open 福利群11, which the code then records
			assertThat(corp.wecom().actions().groups().customerScansJoinWay(code.state(), "wmGroupJoin1" + code.id()))
				.isEqualTo(first);
			String opened = corp.wecom().actions().groups().customerScansJoinWay(code.state(), "wmGroupJoin2" + code.id());
			assertThat(opened).isNotEqualTo(first);
			await().atMost(Duration.ofSeconds(20)).until(() -> chats(code.id()).equals(List.of(first, opened)));
			// the full first group is dismissed: the code drops it and keeps working with the new one
			corp.wecom().actions().groups().dismiss(first);
			await().atMost(Duration.ofSeconds(20)).until(() -> chats(code.id()).equals(List.of(opened)));
			assertThat(corp.wecom().actions().groups().customerScansJoinWay(code.state(), "wmGroupJoin3" + code.id()))
				.isEqualTo(opened);
			GroupCode after = Actors.callAs(Actor.system(corp.corpId()), () -> groupCodes.get(code.id()));
			assertThat(after.nextNumber()).isEqualTo(11);
			assertThat(after.syncError()).isNull();
		}
		finally {
			sandbox.rules().groupCapacity(500);
		}
	}

	List<String> chats(long codeId) {
		return jdbc.sql("select chat_id from acq_group_code_chat where code_id = ? order by position").param(codeId)
			.query(String.class).list();
	}

	@Autowired
	WelcomeDefaults welcomeDefaults;

	@Autowired
	QrCodes qr;

	static List<WelcomeMessage> welcomesTo(SandboxConnection corp, List<ClientActions.Added> adds) {
		Set<String> codes = adds.stream().map(ClientActions.Added::welcomeCode).collect(Collectors.toSet());
		return corp.wecom().welcomeMessages().stream().filter(w -> codes.contains(w.welcomeCode())).toList();
	}

	long arrivals(long codeId) {
		return jdbc.sql("select count(*) from acq_arrival where code_id = ?").param(codeId).query(Long.class).single();
	}

	String pushed(long codeId) {
		return jdbc.sql("select pushed_users from acq_code where id = ?").param(codeId).query(String.class).single();
	}

	String status(SandboxConnection corp, String welcomeCode) {
		return jdbc.sql("select status from acq_welcome where corp_id = ? and welcome_code = ?")
			.params(corp.corpId(), welcomeCode).query(String.class).optional().orElse(null);
	}

	int attempts(SandboxConnection corp, String welcomeCode) {
		return jdbc.sql("select attempts from acq_welcome where corp_id = ? and welcome_code = ?")
			.params(corp.corpId(), welcomeCode).query(Integer.class).optional().orElse(0);
	}
}
