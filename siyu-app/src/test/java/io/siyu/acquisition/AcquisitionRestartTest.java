package io.siyu.acquisition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.SiyuApplication;
import io.siyu.organization.Corps;
import io.siyu.sandbox.ClientActions;
import io.siyu.sandbox.Delivery;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WelcomeMessage;
import io.siyu.sandbox.WorldSpec;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.wecom.SandboxConnection;
import io.siyu.wecom.sync.WeComSync;

/**
 * Siyu stops in the middle of a burst of adds and starts again on the same port and database (the test's, H2 or
 * PostgreSQL). WeCom — the sandbox — retries the callbacks nobody answered, as WeCom does (3 retries, here 3 s apart),
 * and every add is still tagged, attributed and welcomed exactly once: no add is lost with the stopped process and
 * no welcome is sent twice by the process that stopped and the one that started.
 */
class AcquisitionRestartTest {

	static final int ADDS = 30;

	static final int STOP_AFTER = 10;

	WeComSandbox sandbox;

	ConfigurableApplicationContext siyu;

	@AfterEach
	void stop() {
		if (siyu != null) {
			siyu.close();
		}
		if (sandbox != null) {
			sandbox.stop();
		}
	}

	@Test
	void everyAddOfABurstIsTaggedAttributedAndWelcomedOnceAcrossARestart() throws Exception {
		sandbox = WeComSandbox.builder().port(0).seed(11).build().start();
		sandbox.rules().callbackRetryDelay(Duration.ofSeconds(3));
		int port = freePort();
		siyu = start(port);
		JdbcClient jdbc = siyu.getBean(JdbcClient.class);

		SandboxConnection corp = SandboxConnection.create(siyu.getBean(Corps.class), sandbox);
		corp.wecom().seed(new WorldSpec(2, 3, 20, 0, 5));
		siyu.getBean(WeComSync.class).run(corp.corpId());
		corp.wecom().callbackUrl("http://127.0.0.1:" + port + "/wecom/callback/" + corp.wecom().corpId());
		List<String> members = corp.wecom().staffIds().subList(0, 3);
		Map<String, Object> tag = jdbc.sql("select id, wecom_id from tag where corp_id = ? and wecom_id is not null"
				+ " order by id limit 1").param(corp.corpId()).query().singleRow();
		long rootUnit = jdbc.sql("select id from org_unit where corp_id = ? and parent_id is null").param(corp.corpId())
			.query(Long.class).single();
		LiveCodes codes = siyu.getBean(LiveCodes.class);
		LiveCode code = Actors.callAs(Actor.system(corp.corpId()), () -> codes.create(CodeKind.CHANNEL, new CodeDraft(
				"重启中的门店码", rootUnit, Rotation.ROUND_ROBIN, null, "ALWAYS", null, null,
				members.stream().map(u -> new CodeDraft.CodeMember(u, false)).toList(), List.of(), List.of(),
				List.of(((Number) tag.get("id")).longValue()), Welcome.text("你好 {customer}，我是{staff}"), null)));

		// WeCom answers each call after 500 ms, so welcomes are in the middle of their calls when the process stops
		sandbox.faults().latency(Duration.ofMillis(500));
		// customers keep scanning, one every 150 ms, whatever Siyu is doing
		List<ClientActions.Added> adds = new CopyOnWriteArrayList<>();
		CountDownLatch stopNow = new CountDownLatch(1);
		Thread customers = new Thread(() -> {
			for (int i = 0; i < ADDS; i++) {
				adds.add(corp.wecom().actions().customerScans(code.state()));
				if (i + 1 == STOP_AFTER) {
					stopNow.countDown();
				}
				sleep(150);
			}
		}, "customers");
		customers.start();

		// the process stops with callbacks and welcomes in flight, and a new one starts on the same port and database
		assertThat(stopNow.await(30, TimeUnit.SECONDS)).isTrue();
		siyu.close();
		siyu = start(port);
		jdbc = siyu.getBean(JdbcClient.class);
		customers.join(30_000);
		assertThat(adds).hasSize(ADDS);

		JdbcClient db = jdbc;
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> sandbox.callbacks()
			.awaitIdle(Duration.ofMillis(10)) && count(db, "select count(*) from acq_arrival where code_id = ?",
					code.id()) == ADDS && AcquisitionFlowTest.welcomesTo(corp, adds).size() == ADDS);

		// the restart happened in the middle of the burst: WeCom found nobody for some callbacks and retried them
		List<Delivery> retried = sandbox.callbacks().deliveries(corp.wecom().corpId()).stream()
			.filter(d -> d.attempts() > 1).toList();
		assertThat(retried).isNotEmpty().allMatch(d -> d.status() == Delivery.Status.DELIVERED);
		assertThat(sandbox.callbacks().deliveries(corp.wecom().corpId()))
			.noneMatch(d -> d.status() == Delivery.Status.FAILED || d.status() == Delivery.Status.DROPPED);

		// each add welcomed exactly once within WeCom's window: accepted once, never refused as expired; a send the
		// stopped process had in flight is tried again by the new one once its claim is stale, and WeCom's "already
		// used" then closes it as USED (it did arrive) instead of sending it twice
		JdbcClient rows = jdbc;
		await().atMost(Duration.ofSeconds(30)).until(() -> count(rows, "select count(*) from acq_welcome where corp_id = ?"
				+ " and status not in ('SENT', 'USED')", corp.corpId()) == 0);
		List<WelcomeMessage> sent = AcquisitionFlowTest.welcomesTo(corp, adds);
		assertThat(sent).extracting(WelcomeMessage::welcomeCode).doesNotHaveDuplicates().hasSize(ADDS);
		assertThat(sent).allSatisfy(w -> assertThat(w.text()).startsWith("你好 ").contains("我是"));
		Set<String> welcomeCodes = adds.stream().map(ClientActions.Added::welcomeCode).collect(Collectors.toSet());
		List<WelcomeMessage.Refused> refused = corp.wecom().welcomeRefusals().stream()
			.filter(r -> welcomeCodes.contains(r.welcomeCode())).toList();
		assertThat(refused).allMatch(WelcomeMessage.Refused::used);
		assertThat(jdbc.sql("select status, count(*) as n from acq_welcome where corp_id = ? group by status")
			.param(corp.corpId()).query().listOfRows().stream()
			.collect(Collectors.toMap(r -> (String) r.get("status"), r -> ((Number) r.get("n")).longValue())))
			.isEqualTo(refused.isEmpty() ? Map.of("SENT", (long) ADDS)
					: Map.of("SENT", (long) ADDS - refused.size(), "USED", (long) refused.size()));
		System.out.printf("restart mid-burst: %d callbacks retried, %d welcomes re-tried after the stop (%d already used)%n",
				retried.size(), count(jdbc, "select count(*) from acq_welcome where corp_id = ? and attempts > 1",
						corp.corpId()), refused.size());

		// attributed once per add (relation, timeline, the day's counts) and tagged in WeCom and in Siyu
		assertThat(jdbc.sql("select coalesce(sum(adds), 0) from acq_staff_day where corp_id = ? and code_id = ?")
			.params(corp.corpId(), code.id()).query(Long.class).single()).isEqualTo(ADDS);
		String wecomTag = (String) tag.get("wecom_id");
		long tagId = ((Number) tag.get("id")).longValue();
		for (ClientActions.Added a : adds) {
			assertThat(jdbc.sql("select f.state from customer_follow f join customer c on c.id = f.customer_id"
					+ " where c.corp_id = ? and c.external_userid = ? and f.userid = ?")
				.params(corp.corpId(), a.externalUserId(), a.userid()).query(String.class).single())
				.isEqualTo(code.state());
			assertThat(count(jdbc, "select count(*) from customer_event e join customer c on c.id = e.customer_id"
					+ " where c.corp_id = ? and c.external_userid = ? and e.kind = 'channel_arrived'", corp.corpId(),
					a.externalUserId())).isEqualTo(1);
			JdbcClient d = jdbc;
			await().atMost(Duration.ofSeconds(20)).until(() -> corp.wecom().tagsOf(a.userid(), a.externalUserId())
				.contains(wecomTag) && count(d, "select count(*) from customer_tag t join customer c on c.id ="
						+ " t.customer_id where c.corp_id = ? and c.external_userid = ? and t.tag_id = ?", corp.corpId(),
						a.externalUserId(), tagId) == 1);
		}
	}

	ConfigurableApplicationContext start(int port) {
		// the test's database (TestDatabase, an initializer every Spring application of this JVM gets), demo off
		return new SpringApplicationBuilder(SiyuApplication.class).run("--server.port=" + port,
				"--server.address=127.0.0.1", "--spring.main.banner-mode=off", "--siyu.demo=false");
	}

	static long count(JdbcClient jdbc, String sql, Object... params) {
		return jdbc.sql(sql).params(params).query(Long.class).single();
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
