package io.siyu.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.organization.Corps;
import io.siyu.sandbox.SandboxClock;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WorldSpec;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role;
import io.siyu.shared.RuleViolationException;
import io.siyu.wecom.SandboxConnection;
import io.siyu.wecom.sync.WeComSync;

/**
 * Transfers through the sandbox (real WeCom API shapes, its 24 h takeover and 2-per-90-days rule): a transfer completes
 * and moves the relation, the third transfer of a customer within 90 days is refused with a clear message, a refusal by
 * the customer arrives by callback, groups change owner, and a store manager transfers only within their store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// the refusal arrives by callback, which must carry a current timestamp: it runs before WeCom's clock is moved on
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HandoverTest {

	@LocalServerPort
	int port;

	@Autowired
	Corps corps;

	@Autowired
	WeComSync sync;

	@Autowired
	Handovers handovers;

	@Autowired
	HandoverWorker worker;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	io.siyu.organization.UserAccounts users;

	WeComSandbox sandbox;

	SandboxConnection corp;

	@BeforeAll
	void start() {
		sandbox = WeComSandbox.builder().port(0).seed(31).clock(SandboxClock.manual()).build().start();
		corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(2, 3, 90, 6, 0));
		sync.run(corp.corpId());
		corp.wecom().callbackUrl("http://127.0.0.1:" + port + "/wecom/callback/" + corp.wecom().corpId());
	}

	@AfterAll
	void stop() {
		sandbox.stop();
	}

	@Test
	@Order(2)
	void anOnJobTransferCompletesAfter24HoursAndTheThirdWithin90DaysIsRefused() {
		String a = "store001_02";
		String b = "store001_03";
		String customer = onlyCustomersOf(a).get(0);
		long customerId = customerId(customer);

		long first = start(HandoverKind.ON_JOB, a, b, List.of(customerId));
		sent(first);
		assertThat(status(first, customer)).isEqualTo("WAITING");
		Actors.runAs(Actor.system(corp.corpId()), () -> worker.poll(corp.corpId(), first));
		assertThat(status(first, customer)).isEqualTo("WAITING");
		settle();
		Actors.runAs(Actor.system(corp.corpId()), () -> worker.poll(corp.corpId(), first));
		assertThat(status(first, customer)).isEqualTo("DONE");
		assertThat(handoverStatus(first)).isEqualTo("DONE");
		assertThat(relation(customerId, b)).isEqualTo("true/null");
		assertThat(relation(customerId, a)).isEqualTo("false/TRANSFERRED");

		long second = start(HandoverKind.ON_JOB, b, a, List.of(customerId));
		sent(second);
		assertThat(status(second, customer)).isEqualTo("WAITING");
		settle();
		Actors.runAs(Actor.system(corp.corpId()), () -> worker.poll(corp.corpId(), second));
		assertThat(status(second, customer)).isEqualTo("DONE");
		assertThat(relation(customerId, a)).isEqualTo("true/null");

		long before = handovers();
		assertThatThrownBy(() -> start(HandoverKind.ON_JOB, a, b, List.of(customerId)))
			.isInstanceOf(RuleViolationException.class)
			.hasMessageContaining("at most 2 on-job transfers in 90 days");
		assertThat(handovers()).isEqualTo(before);
		// WeCom's own count says the same
		assertThat(corp.wecom().isFriend(a, customer)).isTrue();
	}

	@Test
	@Order(1)
	void aCustomerWhoRefusesIsRecordedFromTheCallback() {
		String a = "store002_02";
		String b = "store002_03";
		List<String> customers = onlyCustomersOf(a);
		String refusing = customers.get(0);
		String accepting = customers.get(1);
		long id = start(HandoverKind.ON_JOB, a, b, List.of(customerId(refusing), customerId(accepting)));
		sent(id);
		assertThat(status(id, refusing)).isEqualTo("WAITING");
		assertThat(status(id, accepting)).isEqualTo("WAITING");

		corp.wecom().actions().customerRefusesTransfer(refusing);
		await().atMost(Duration.ofSeconds(20)).until(() -> status(id, refusing).equals("REFUSED"));
		assertThat(status(id, accepting)).isEqualTo("WAITING");
		Handover h = Actors.callAs(Actor.system(corp.corpId()), () -> handovers.get(id));
		assertThat(h.status()).isEqualTo("RUNNING");
		assertThat(h.count(ItemStatus.REFUSED)).isEqualTo(1);
		assertThat(h.percent()).isEqualTo(50);
		assertThat(relation(customerId(refusing), a)).isEqualTo("true/null");
	}

	@Test
	void groupsChangeOwner() {
		String owner = jdbc.sql("select owner_userid from customer_group where corp_id = ? and owner_userid like 'store%'"
				+ " and dismissed = false order by id limit 1").param(corp.corpId()).query(String.class).single();
		String heir = owner.endsWith("_01") ? owner.replace("_01", "_02") : owner.replaceAll("_0\\d$", "_01");
		List<String> chats = jdbc.sql("select chat_id from customer_group where corp_id = ? and owner_userid = ?"
				+ " and dismissed = false").params(corp.corpId(), owner).query(String.class).list();
		long fromId = staffId(owner);
		long id = Actors.callAs(Actor.system(corp.corpId()), () -> handovers.start(new HandoverRequest(
				HandoverKind.ON_JOB, fromId, staffId(heir), false, List.of(), true, List.of(), null)));
		await().atMost(Duration.ofSeconds(20)).until(() -> handoverStatus(id).equals("DONE"));
		assertThat(jdbc.sql("select count(*) from handover_group where handover_id = ? and status = 'DONE'").param(id)
			.query(Long.class).single()).isEqualTo(chats.size());
		assertThat(jdbc.sql("select owner_userid from customer_group where corp_id = ? and chat_id in (:chats)".replace(
				"(:chats)", "('" + String.join("','", chats) + "')")).param(corp.corpId()).query(String.class).list())
			.hasSize(chats.size()).containsOnly(heir);
	}

	@Test
	void aStoreManagerTransfersOnlyWithinTheirStore() {
		long store1 = jdbc.sql("select org_unit_id from staff where corp_id = ? and userid = 'store001_02'")
			.param(corp.corpId()).query(Long.class).single();
		Actor manager = new Actor(corp.corpId(), 1, "sm", Actor.Kind.USER, Role.STORE_MANAGER, store1, null);
		long customerId = customerId(onlyCustomersOf("store001_01").get(0));
		long before = handovers();
		assertThatThrownBy(() -> Actors.callAs(manager, () -> handovers.start(new HandoverRequest(HandoverKind.ON_JOB,
				staffId("store001_01"), staffId("store002_02"), false, List.of(customerId), false, List.of(), null))))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> Actors.callAs(manager, () -> handovers.start(new HandoverRequest(HandoverKind.ON_JOB,
				staffId("store002_01"), staffId("store001_02"), true, List.of(), false, List.of(), null))))
			.isInstanceOf(NotFoundException.class);
		assertThat(handovers()).isEqualTo(before);

		long id = Actors.callAs(manager, () -> handovers.start(new HandoverRequest(HandoverKind.ON_JOB,
				staffId("store001_01"), staffId("store001_02"), false, List.of(customerId), false, List.of(), null)));
		assertThat(Actors.callAs(manager, () -> handovers.list(new io.siyu.shared.PageQuery(0, 100)).items()))
			.extracting(Handover::id).contains(id);
		Actor otherStore = new Actor(corp.corpId(), 1, "sm2", Actor.Kind.USER, Role.STORE_MANAGER,
				jdbc.sql("select org_unit_id from staff where corp_id = ? and userid = 'store002_02'").param(corp.corpId())
					.query(Long.class).single(), null);
		assertThatThrownBy(() -> Actors.callAs(otherStore, () -> handovers.get(id))).isInstanceOf(NotFoundException.class);
	}

	@Test
	@Order(5)
	void theWizardStartsATransferAndItsPageShowsEachCustomer() throws Exception {
		String username = "transfer-admin-" + corp.corpId();
		Actors.runAs(Actor.system(corp.corpId()), () -> users.create(new io.siyu.organization.NewUser(username, "Admin",
				"test-password-1", Role.CORP_ADMIN, null, null)));
		io.siyu.ConsoleBrowser browser = new io.siyu.ConsoleBrowser(port);
		browser.login(username, "test-password-1");
		long from = staffId("store002_01");
		long customerId = customerId(onlyCustomersOf("store002_01").get(0));
		String step2 = browser.get("/console/transfers/new?kind=ON_JOB&from=" + from).body();
		assertThat(step2).contains("transfer-step2", "name=\"customerIds\" value=\"" + customerId + "\"");

		long before = handovers();
		String tooLong = "x".repeat(201);
		assertThat(browser.post("/console/transfers", "kind=ON_JOB&fromStaffId=" + from + "&toStaffId="
				+ staffId("store002_02") + "&customerIds=" + customerId + "&message=" + tooLong,
				"/console/transfers/new").statusCode()).isEqualTo(400);
		assertThat(handovers()).isEqualTo(before);

		var created = browser.post("/console/transfers", "kind=ON_JOB&fromStaffId=" + from + "&toStaffId="
				+ staffId("store002_02") + "&customerIds=" + customerId, "/console/transfers/new");
		assertThat(created.statusCode()).isEqualTo(302);
		String location = created.headers().firstValue("Location").orElseThrow();
		assertThat(handovers()).isEqualTo(before + 1);
		String page = browser.get(location.replaceFirst("^https?://[^/]+", "")).body();
		assertThat(page).contains("transfer-items", "/console/customers/" + customerId);
		assertThat(browser.get("/console/transfers").body()).contains("transfer-row");
		assertThat(browser.get("/console/transfers/999999999").statusCode()).isEqualTo(404);
	}

	private long start(HandoverKind kind, String from, String to, List<Long> customerIds) {
		return Actors.callAs(Actor.system(corp.corpId()), () -> handovers.start(new HandoverRequest(kind, staffId(from),
				staffId(to), false, customerIds, false, List.of(), "您好，今后由新顾问为您服务")));
	}

	/** Waits until the transfer's first send (on its own thread, after commit) is over: it holds the same lock. */
	private void sent(long id) {
		worker.send(corp.corpId(), id);
	}

	/** 24 h pass in WeCom. */
	private void settle() {
		sandbox.clock().advance(Duration.ofHours(25));
		corp.wecom().actions().settle();
	}

	private List<String> onlyCustomersOf(String userid) {
		List<String> only = corp.wecom().customersOf(userid).stream().filter(ext -> corp.wecom().staffIds().stream()
			.filter(u -> !u.equals(userid)).noneMatch(u -> corp.wecom().isFriend(u, ext))).toList();
		assertThat(only).as("customers only %s follows", userid).hasSizeGreaterThan(2);
		return only;
	}

	private long staffId(String userid) {
		return jdbc.sql("select id from staff where corp_id = ? and userid = ?").params(corp.corpId(), userid)
			.query(Long.class).single();
	}

	private long customerId(String externalUserId) {
		return jdbc.sql("select id from customer where corp_id = ? and external_userid = ?")
			.params(corp.corpId(), externalUserId).query(Long.class).single();
	}

	private String status(long handover, String externalUserId) {
		return jdbc.sql("select status from handover_customer where handover_id = ? and external_userid = ?")
			.params(handover, externalUserId).query(String.class).single();
	}

	private String handoverStatus(long id) {
		return jdbc.sql("select status from handover where id = ?").param(id).query(String.class).single();
	}

	private long handovers() {
		return jdbc.sql("select count(*) from handover where corp_id = ?").param(corp.corpId()).query(Long.class).single();
	}

	private String relation(long customerId, String userid) {
		return jdbc.sql("select active, end_reason from customer_follow where customer_id = ? and userid = ?")
			.params(customerId, userid).query((rs, i) -> rs.getBoolean(1) + "/" + rs.getString(2)).single();
	}
}
