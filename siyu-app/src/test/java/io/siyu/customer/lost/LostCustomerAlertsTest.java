package io.siyu.customer.lost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.ConsoleBrowser;
import io.siyu.organization.Corps;
import io.siyu.organization.NewUser;
import io.siyu.organization.UserAccounts;
import io.siyu.sandbox.AppMessage;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WorldSpec;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role;
import io.siyu.wecom.SandboxConnection;
import io.siyu.wecom.sync.WeComSync;

/**
 * Lost-customer alerts through the sandbox: WeCom's delete callbacks (repeated, as WeCom does when it misses the 200)
 * make one alert and one app message to the right people; a failing WeCom leaves the alert pending and the sweep sends
 * it once; the list and the export show a store manager only their store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LostCustomerAlertsTest {

	@LocalServerPort
	int port;

	@Autowired
	Corps corps;

	@Autowired
	WeComSync sync;

	@Autowired
	LostCustomers lost;

	@Autowired
	LostAlertDelivery delivery;

	@Autowired
	UserAccounts users;

	@Autowired
	JdbcClient jdbc;

	WeComSandbox sandbox;

	SandboxConnection corp;

	@BeforeAll
	void start() {
		sandbox = WeComSandbox.builder().port(0).seed(23).build().start();
		corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(2, 3, 80, 0, 0));
		sync.run(corp.corpId());
		corp.wecom().callbackUrl("http://127.0.0.1:" + port + "/wecom/callback/" + corp.wecom().corpId());
	}

	@AfterAll
	void stop() {
		sandbox.stop();
	}

	@Test
	void repeatedCallbacksMakeOneAlertAndOneMessageToTheMemberAndTheirStoreManager() {
		String guide = "store001_02";
		String manager = "store001_01";
		List<String> customers = onlyCustomersOf(guide);
		String leaving = customers.get(0);
		String dropped = customers.get(1);
		int before = corp.wecom().appMessages().size();
		sandbox.faults().callbackDuplicates(true);
		try {
			corp.wecom().actions().customerDeletesStaff(leaving, guide);
			corp.wecom().actions().staffDeletesCustomer(guide, dropped);
			await().atMost(Duration.ofSeconds(20)).until(() -> status(leaving).equals("SENT") && status(dropped).equals("SENT"));
			sandbox.callbacks().awaitIdle(Duration.ofSeconds(10));
		}
		finally {
			sandbox.faults().reset();
		}
		assertThat(count(leaving)).isEqualTo(1);
		assertThat(count(dropped)).isEqualTo(1);
		assertThat(corp.wecom().appMessages()).hasSize(before + 2);
		List<AppMessage> toLeaving = messagesAbout(leaving);
		assertThat(toLeaving).hasSize(1);
		assertThat(toLeaving.get(0).toUsers()).containsExactlyInAnyOrder(guide, manager);
		assertThat(toLeaving.get(0).content()).contains("流失提醒", "门店1");
		List<AppMessage> toDropped = messagesAbout(dropped);
		assertThat(toDropped).hasSize(1);
		assertThat(toDropped.get(0).toUsers()).containsExactly(manager);
		assertThat(jdbc.sql("select kind from lost_customer where corp_id = ? and external_userid = ?")
			.params(corp.corpId(), dropped).query(String.class).single()).isEqualTo("STAFF_DELETED");
	}

	@Test
	void aFailingWeComLeavesTheAlertPendingAndTheSweepSendsItOnce() {
		String guide = "store001_03";
		String leaving = onlyCustomersOf(guide).get(0);
		int before = corp.wecom().appMessages().size();
		sandbox.faults().errorRate(-1, 1.0);
		try {
			corp.wecom().actions().customerDeletesStaff(leaving, guide);
			await().atMost(Duration.ofSeconds(30)).until(() -> attempts(leaving) >= 1 && status(leaving).equals("PENDING"));
		}
		finally {
			sandbox.faults().reset();
		}
		assertThat(corp.wecom().appMessages()).hasSize(before);
		// the backoff has passed
		jdbc.sql("update lost_customer set next_attempt_at = next_attempt_at - interval '2' hour where corp_id = ?"
				+ " and external_userid = ?").params(corp.corpId(), leaving).update();
		assertThat(delivery.deliverDue(corp.corpId())).isEqualTo(1);
		assertThat(delivery.deliverDue(corp.corpId())).isZero();
		assertThat(status(leaving)).isEqualTo("SENT");
		assertThat(messagesAbout(leaving)).hasSize(1);
		assertThat(corp.wecom().appMessages()).hasSize(before + 1);
	}

	@Test
	void aStoreManagerSeesAndExportsOnlyTheirStore() throws Exception {
		String inStore1 = onlyCustomersOf("store001_02").get(2);
		String inStore2 = onlyCustomersOf("store002_02").get(0);
		corp.wecom().actions().customerDeletesStaff(inStore1, "store001_02");
		corp.wecom().actions().customerDeletesStaff(inStore2, "store002_02");
		await().atMost(Duration.ofSeconds(20)).until(() -> count(inStore1) == 1 && count(inStore2) == 1);

		long store1 = jdbc.sql("select org_unit_id from staff where corp_id = ? and userid = 'store001_02'")
			.param(corp.corpId()).query(Long.class).single();
		Actor storeManager = new Actor(corp.corpId(), 1, "sm", Actor.Kind.USER, Role.STORE_MANAGER, store1, null);
		List<String> seen = Actors.callAs(storeManager, () -> lost.list(LostCustomerFilter.none(), new PageQuery(0, 200))
			.items().stream().map(LostCustomer::externalUserId).toList());
		assertThat(seen).contains(inStore1).doesNotContain(inStore2);
		List<String> all = Actors.callAs(Actor.system(corp.corpId()), () -> lost.list(LostCustomerFilter.none(),
				new PageQuery(0, 200)).items().stream().map(LostCustomer::externalUserId).toList());
		assertThat(all).contains(inStore1, inStore2);
		long perDay = Actors.callAs(storeManager, () -> lost.days(LostCustomerFilter.none()).stream()
			.mapToLong(d -> d.customerDeleted() + d.staffDeleted()).sum());
		assertThat(perDay).isEqualTo(seen.size());

		String username = "lost-sm-" + corp.corpId();
		Actors.runAs(Actor.system(corp.corpId()), () -> users.create(new NewUser(username, "Store manager",
				"test-password-1", Role.STORE_MANAGER, store1, null)));
		ConsoleBrowser browser = new ConsoleBrowser(port);
		browser.login(username, "test-password-1");
		String page = browser.get("/console/lost-customers").body();
		assertThat(page).contains("/console/customers/" + customerId(inStore1) + "\"", "lost-chart", "export-xlsx")
			.doesNotContain("/console/customers/" + customerId(inStore2) + "\"");
		HttpResponse<String> csv = browser.get("/console/lost-customers/export?format=csv");
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.body()).contains(inStore1, "客户删除员工").doesNotContain(inStore2);
		assertThat(browser.get("/console/lost-customers/export?format=pdf").statusCode()).isEqualTo(400);
		assertThat(browser.get("/console/lost-customers?from=2026-12-04&to=2026-01-01").statusCode()).isEqualTo(400);

		HttpResponse<byte[]> xlsx = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
				+ port + "/console/lost-customers/export?format=xlsx")).header("Cookie", "JSESSIONID="
						+ browser.cookie("JSESSIONID")).build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(xlsx.statusCode()).isEqualTo(200);
		try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
			List<String> ids = workbook.getFirstSheet().openStream().skip(1).map(r -> r.getCellText(3)).toList();
			assertThat(ids).contains(inStore1).doesNotContain(inStore2).hasSize(seen.size());
		}
	}

	/** Customers of the member that no other member follows (so the alert is about this relation only). */
	private List<String> onlyCustomersOf(String userid) {
		List<String> mine = corp.wecom().customersOf(userid);
		List<String> only = mine.stream().filter(ext -> corp.wecom().staffIds().stream()
			.filter(u -> !u.equals(userid)).noneMatch(u -> corp.wecom().isFriend(u, ext))).toList();
		assertThat(only).as("customers only %s follows", userid).hasSizeGreaterThan(3);
		return only;
	}

	private List<AppMessage> messagesAbout(String externalUserId) {
		String msgid = jdbc.sql("select msgid from lost_customer where corp_id = ? and external_userid = ?")
			.params(corp.corpId(), externalUserId).query(String.class).single();
		return corp.wecom().appMessages().stream().filter(m -> m.msgid().equals(msgid)).toList();
	}

	private long customerId(String externalUserId) {
		return jdbc.sql("select id from customer where corp_id = ? and external_userid = ?")
			.params(corp.corpId(), externalUserId).query(Long.class).single();
	}

	private String status(String externalUserId) {
		return jdbc.sql("select notify_status from lost_customer where corp_id = ? and external_userid = ?")
			.params(corp.corpId(), externalUserId).query(String.class).optional().orElse("");
	}

	private int attempts(String externalUserId) {
		return jdbc.sql("select attempts from lost_customer where corp_id = ? and external_userid = ?")
			.params(corp.corpId(), externalUserId).query(Integer.class).optional().orElse(0);
	}

	private long count(String externalUserId) {
		return jdbc.sql("select count(*) from lost_customer where corp_id = ? and external_userid = ?")
			.params(corp.corpId(), externalUserId).query(Long.class).single();
	}
}
