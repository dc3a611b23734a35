package io.siyu.wecom.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.TestCorp;
import io.siyu.organization.Corps;
import io.siyu.organization.WeComSettingsChange;
import io.siyu.sandbox.CorpSpec;
import io.siyu.sandbox.SandboxCorp;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WorldSpec;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;

/**
 * Callbacks from the WeCom sandbox, signed and encrypted as WeCom does, into the running app: stored once, processed
 * after commit; forged, stale, foreign, malformed and oversized ones refused with nothing stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallbackIntakeTest {

	static final String TOKEN = "QDG6eK";

	static final String KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	Corps corpSettings;

	@Autowired
	JdbcClient jdbc;

	WeComSandbox sandbox;

	TestCorp.Fixture siyu;

	SandboxCorp wecom;

	String wecomCorpId;

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	void startSandbox() {
		sandbox = WeComSandbox.builder().port(0).seed(7).build().start();
	}

	@AfterAll
	void stopSandbox() {
		sandbox.stop();
	}

	@BeforeEach
	void connect() {
		sandbox.faults().reset();
		siyu = corps.create();
		wecomCorpId = "ww" + siyu.tag();
		wecom = sandbox.createCorp(new CorpSpec(wecomCorpId, 1000002, "secret-" + siyu.tag(),
				"http://127.0.0.1:" + port + "/wecom/callback/" + wecomCorpId, TOKEN, KEY));
		wecom.seed(new WorldSpec(1, 3, 30, 0, 3));
		Actors.runAs(siyu.actor(Role.CORP_ADMIN), () -> corpSettings.updateWeComSettings(new WeComSettingsChange(wecomCorpId,
				1000002, "secret-" + siyu.tag(), TOKEN, KEY, sandbox.baseUrl())));
	}

	long inbox() {
		return jdbc.sql("select count(*) from wecom_inbox where corp_id = ?").param(siyu.corpId()).query(Long.class).single();
	}

	Boolean followActive(String userid, String external) {
		return jdbc.sql("select f.active from customer_follow f join customer c on c.id = f.customer_id"
				+ " where f.corp_id = ? and f.userid = ? and c.external_userid = ?")
			.params(siyu.corpId(), userid, external)
			.query(Boolean.class)
			.optional()
			.orElse(null);
	}

	@Test
	void urlVerificationIsAnswered() {
		assertThat(sandbox.callbacks().verifyUrl(wecom)).isTrue();
	}

	@Test
	void anAddedCustomerIsStoredOnceAndEnrichedAfterCommit() {
		String staff = wecom.staffIds().get(0);
		var added = wecom.actions().staffAddsCustomer(staff, "wmADDED" + siyu.tag());
		await().atMost(Duration.ofSeconds(15)).until(() -> Boolean.TRUE.equals(followActive(staff, added.externalUserId())));
		await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql("select name from customer where corp_id = ?"
				+ " and external_userid = ? and name is not null").params(siyu.corpId(), added.externalUserId()).query(String.class).optional()
			.isPresent());
		assertThat(inbox()).isEqualTo(1);
		// the enrichment ran as a durable listener; its publication, once completed, is not kept (nor any other)
		assertThat(jdbc.sql("select count(*) from event_publication where completion_date is not null").query(Long.class)
			.single()).isZero();
	}

	@Test
	void everyCallbackDeliveredThreeTimesHasExactlyOneEffect() throws Exception {
		sandbox.faults().callbackDuplicates(true);
		String staff = wecom.staffIds().get(1);
		for (int i = 0; i < 10; i++) {
			wecom.actions().staffAddsCustomer(staff, "wmDUP" + i + siyu.tag());
		}
		assertThat(sandbox.callbacks().awaitIdle(Duration.ofSeconds(20))).isTrue();
		await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql("select count(*) from wecom_inbox where corp_id = ?"
				+ " and processed_at is not null").param(siyu.corpId()).query(Long.class).single() == 10);
		assertThat(sandbox.callbacks().deliveries(wecomCorpId).stream().filter(d -> d.duplicate()).count()).isPositive();
		assertThat(inbox()).isEqualTo(10);
		// and the same signed request replayed by hand three more times
		String payload = add(staff, "wmREPLAY" + siyu.tag(), Instant.now().getEpochSecond());
		for (int i = 0; i < 3; i++) {
			assertThat(post(wecomCorpId, payload, KEY, wecomCorpId, Instant.now().getEpochSecond()).statusCode()).isEqualTo(200);
		}
		assertThat(inbox()).isEqualTo(11);
	}

	@Test
	void outOfOrderEventsEndInTheNewestState() throws Exception {
		long t = Instant.now().getEpochSecond();
		String staff = wecom.staffIds().get(2);
		String ext = "wmORDER" + siyu.tag();
		String lost = "<xml><ToUserName><![CDATA[" + wecomCorpId + "]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
				+ "<CreateTime>" + (t + 5) + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
				+ "<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[del_follow_user]]></ChangeType>"
				+ "<UserID><![CDATA[" + staff + "]]></UserID><ExternalUserID><![CDATA[" + ext + "]]></ExternalUserID></xml>";
		assertThat(post(wecomCorpId, lost, KEY, wecomCorpId, t).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(followActive(staff, ext)));
		assertThat(post(wecomCorpId, add(staff, ext, t), KEY, wecomCorpId, t).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from wecom_inbox where corp_id = ?"
				+ " and processed_at is not null").param(siyu.corpId()).query(Long.class).single() == 2);
		assertThat(followActive(staff, ext)).as("the late add does not resurrect a lost customer").isFalse();
	}

	@Test
	void badCallbacksAreRefusedAndNothingIsStored() throws Exception {
		long now = Instant.now().getEpochSecond();
		String staff = wecom.staffIds().get(0);
		String event = add(staff, "wmBAD" + siyu.tag(), now);
		String otherKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
		assertThat(post(wecomCorpId, event, otherKey, wecomCorpId, now).statusCode()).as("wrong key").isIn(400, 403);
		assertThat(post(wecomCorpId, event, KEY, "wwSomeoneElse", now).statusCode()).as("another corp's message").isEqualTo(403);
		assertThat(post(wecomCorpId, event, KEY, wecomCorpId, now - 3600).statusCode()).as("stale").isEqualTo(400);
		assertThat(post("wwUnknownCorp", event, KEY, "wwUnknownCorp", now).statusCode()).as("unknown corp").isEqualTo(404);
		assertThat(raw(wecomCorpId, "<xml><Encrypt>broken", "sig", now).statusCode()).as("malformed").isEqualTo(400);
		assertThat(raw(wecomCorpId, "<xml><Encrypt>" + "A".repeat(70_000) + "</Encrypt></xml>", "sig", now).statusCode())
			.as("oversized").isEqualTo(413);
		var crypto = new io.siyu.sandbox.crypto.CallbackCrypto(TOKEN, KEY, wecomCorpId);
		String encrypted = crypto.encrypt("0123456789abcdef", event);
		String body = io.siyu.sandbox.crypto.CallbackCrypto.envelope(wecomCorpId, 1000002, encrypted);
		HttpResponse<String> forged = raw(wecomCorpId, body, "0".repeat(40), now);
		assertThat(forged.statusCode()).as("forged signature").isEqualTo(403);
		assertThat(forged.body()).as("a plain reason").startsWith("Refused: ");
		HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
				+ "/wecom/callback/" + wecomCorpId + "?timestamp=" + now + "&nonce=n1"))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(unsigned.statusCode()).as("no signature").isEqualTo(400);
		assertThat(unsigned.body()).contains("missing msg_signature");
		HttpResponse<String> noCorp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
				+ "/wecom/callback/?msg_signature=x&timestamp=" + now + "&nonce=n1"))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(noCorp.statusCode()).as("no corp in the path").isEqualTo(404);
		String notXml = crypto.encrypt("0123456789abcdef", "this is not xml");
		assertThat(rawSigned(crypto, io.siyu.sandbox.crypto.CallbackCrypto.envelope(wecomCorpId, 1000002, notXml), notXml, now)
			.statusCode()).as("decrypts to garbage").isEqualTo(400);
		assertThat(inbox()).isZero();
		assertThat(post(wecomCorpId, event, KEY, wecomCorpId, now).statusCode()).as("the genuine one").isEqualTo(200);
		assertThat(inbox()).isEqualTo(1);
	}

	@Test
	void customerLeavingAndStaffDeletingAreMirrored() {
		List<String> withCustomers = wecom.staffIds().stream().filter(s -> !wecom.customersOf(s).isEmpty()).toList();
		assertThat(withCustomers).as("the seeded world gives customers to at least two staff").hasSizeGreaterThan(1);
		String staff = withCustomers.get(0);
		String ext = wecom.customersOf(staff).get(0);
		String staff2 = withCustomers.get(1);
		String ext2 = wecom.customersOf(staff2).stream().filter(e -> !e.equals(ext)).findFirst().orElseThrow();
		wecom.actions().customerDeletesStaff(ext, staff);
		wecom.actions().staffDeletesCustomer(staff2, ext2);
		await().atMost(Duration.ofSeconds(15)).until(() -> Boolean.FALSE.equals(followActive(staff, ext))
				&& Boolean.FALSE.equals(followActive(staff2, ext2)));
		assertThat(jdbc.sql("select change_type from wecom_inbox where corp_id = ? order by id").param(siyu.corpId())
			.query(String.class).list()).containsExactlyInAnyOrder("del_follow_user", "del_external_contact");
	}

	@Test
	void connectionPageShowsTheCallbackUrlHealthAndALiveCheck() throws Exception {
		String staff = wecom.staffIds().get(0);
		wecom.actions().staffAddsCustomer(staff, "wmPAGE" + siyu.tag());
		await().atMost(Duration.ofSeconds(15)).until(() -> inbox() == 1);
		io.siyu.ConsoleBrowser browser = new io.siyu.ConsoleBrowser(port);
		browser.login(siyu.user("admin"), TestCorp.PASSWORD);
		String page = browser.get("/console/wecom").body();
		assertThat(page).contains("/wecom/callback/" + wecomCorpId).contains("id=\"cb-received\">1<");
		var checked = browser.post("/console/wecom/check", "x=1", "/console/wecom");
		assertThat(browser.get(checked.headers().firstValue("Location").orElseThrow()).body()).contains("连接正常");
		sandbox.faults().errorRate(40001, 1.0);
		Actors.runAs(siyu.actor(Role.CORP_ADMIN), () -> corpSettings.updateWeComSettings(new WeComSettingsChange(wecomCorpId,
				1000002, "wrong-secret", null, null, sandbox.baseUrl())));
		var failed = browser.post("/console/wecom/check", "x=1", "/console/wecom");
		assertThat(browser.get(failed.headers().firstValue("Location").orElseThrow()).body()).contains("操作未完成");
		assertThat(new io.siyu.ConsoleBrowser(port).login(siyu.user("store"), TestCorp.PASSWORD).statusCode()).isEqualTo(302);
	}

	String add(String userid, String external, long createTime) {
		return "<xml><ToUserName><![CDATA[" + wecomCorpId + "]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
				+ "<CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
				+ "<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType>"
				+ "<UserID><![CDATA[" + userid + "]]></UserID><ExternalUserID><![CDATA[" + external + "]]></ExternalUserID>"
				+ "<State><![CDATA[test]]></State><WelcomeCode><![CDATA[WC" + external + "]]></WelcomeCode></xml>";
	}

	HttpResponse<String> post(String pathCorp, String plaintext, String key, String receiveId, long timestamp) throws Exception {
		var crypto = new io.siyu.sandbox.crypto.CallbackCrypto(TOKEN, key, receiveId);
		String encrypted = crypto.encrypt("0123456789abcdef", plaintext);
		return rawSigned(pathCorp, crypto, io.siyu.sandbox.crypto.CallbackCrypto.envelope(receiveId, 1000002, encrypted),
				encrypted, timestamp);
	}

	HttpResponse<String> rawSigned(io.siyu.sandbox.crypto.CallbackCrypto crypto, String body, String encrypted, long ts)
			throws Exception {
		return rawSigned(wecomCorpId, crypto, body, encrypted, ts);
	}

	HttpResponse<String> rawSigned(String pathCorp, io.siyu.sandbox.crypto.CallbackCrypto crypto, String body,
			String encrypted, long ts) throws Exception {
		return raw(pathCorp, body, crypto.sign(String.valueOf(ts), "nonce1", encrypted), ts);
	}

	HttpResponse<String> raw(String pathCorp, String body, String signature, long ts) throws Exception {
		String query = "msg_signature=" + signature + "&timestamp=" + ts + "&nonce=nonce1";
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/wecom/callback/"
				+ URLEncoder.encode(pathCorp, StandardCharsets.UTF_8) + "?" + query))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	static List<String> none() {
		return List.of();
	}
}
