package io.siyu.sidebar;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
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

import io.siyu.organization.Corps;
import io.siyu.organization.StaffChange;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffStatus;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.wecom.sync.WeComSync;

/**
 * Signing in to the sidebar through WeCom's OAuth (the sandbox's authorize page and getuserinfo, over real HTTP), and
 * everything that must not get anyone in: forged, reused and foreign codes, a wrong state, a userid in the URL,
 * another member's or another corp's customer, a member who left, an unknown corp, a forged form.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SidebarSignInTest {

	@LocalServerPort
	int port;

	@Autowired
	Corps corps;

	@Autowired
	WeComSync sync;

	@Autowired
	StaffDirectory staff;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	org.springframework.context.ApplicationContext app;

	WeComSandbox sandbox;

	SidebarWorld world;

	SidebarWorld other;

	@BeforeAll
	void start() {
		sandbox = WeComSandbox.builder().port(0).seed(11).build().start();
		world = SidebarWorld.create(corps, sandbox, sync);
		other = SidebarWorld.create(corps, sandbox, sync);
	}

	@AfterAll
	void stop() {
		sandbox.stop();
	}

	@Test
	void signsInThroughWeComAndShowsTheMembersOwnCustomer() {
		SidebarBrowser phone = new SidebarBrowser(port);
		String authorize = SidebarBrowser.location(phone.get("/h5/" + world.corp() + "/sidebar/signin"));
		String sessionAtStart = phone.cookie("JSESSIONID");

		HttpResponse<String> page = phone.follow(world.page(world.customer()));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"customer-name\"").contains(world.customer().substring(0, 6));
		assertThat(phone.visited).hasSize(5);
		assertThat(phone.visited.get(1)).startsWith("/h5/" + world.corp() + "/sidebar/signin?next=");
		assertThat(phone.visited.get(2)).startsWith(sandbox.baseUrl() + "/connect/oauth2/authorize?appid=" + world.corp())
			.contains("scope=snsapi_base").contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A" + port);
		assertThat(phone.visited.get(3)).contains("/h5/" + world.corp() + "/sidebar/oauth?code=");
		assertThat(phone.visited.get(4)).isEqualTo(world.page(world.customer()));
		assertThat(param(authorize, "state")).hasSizeGreaterThanOrEqualTo(32);
		assertThat(phone.cookie("JSESSIONID")).as("a new session id at sign-in").isNotEqualTo(sessionAtStart);
	}

	@Test
	void aUseridInTheUrlIsIgnored() {
		SidebarBrowser phone = new SidebarBrowser(port);
		// the guide signs in; the URL claims to be the colleague and asks for the colleague's customer
		HttpResponse<String> page = phone.follow(world.page(world.colleaguesCustomer()) + "&userid=" + world.colleague()
				+ "&sandbox_userid=" + world.colleague());

		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).doesNotContain(world.colleaguesCustomer());
		HttpResponse<String> mine = phone.get(world.page(world.customer()) + "&userid=" + world.colleague());
		assertThat(mine.statusCode()).isEqualTo(200);
		assertThat(mine.body()).contains(nameOf(world, world.guide()));
	}

	@Test
	void anotherMembersCustomerIsNotFoundAnywhere() {
		SidebarBrowser phone = signedIn(world);
		long theirs = customerId(world, world.colleaguesCustomer());
		long notes = notes(theirs);

		assertThat(phone.get(world.page(world.colleaguesCustomer())).statusCode()).isEqualTo(404);
		String base = "/h5/" + world.corp() + "/sidebar/customers/" + theirs;
		for (String part : List.of("/timeline", "/tags", "/tags/edit", "/fields", "/fields/edit", "/card")) {
			assertThat(phone.get(base + part, "HX-Request", "true").statusCode()).as(part).isEqualTo(404);
		}
		HttpResponse<String> note = phone.post(base + "/notes", "key=" + SidebarNotes.newFormKey() + "&text=hello");
		assertThat(note.statusCode()).isEqualTo(404);
		assertThat(note.body()).doesNotContain(world.colleaguesCustomer());
		assertThat(phone.post(base + "/stage", "stage=LOYAL").statusCode()).isEqualTo(404);
		assertThat(notes(theirs)).isEqualTo(notes);
	}

	@Test
	void anotherCorpsCustomerIsNotFound() {
		SidebarBrowser phone = signedIn(world);
		long foreign = customerId(other, other.customer());

		assertThat(phone.get(world.page(other.customer())).statusCode()).isEqualTo(404);
		assertThat(phone.get("/h5/" + world.corp() + "/sidebar/customers/" + foreign + "/timeline").statusCode())
			.isEqualTo(404);
		// the other corp's sidebar does not accept this sign-in: it asks WeCom (for the other corp) again
		HttpResponse<String> there = phone.get(other.page(other.customer()));
		assertThat(there.statusCode()).isEqualTo(302);
		assertThat(phone.redirect(there)).startsWith("/h5/" + other.corp() + "/sidebar/signin");
	}

	@Test
	void aForgedCodeGetsNobodyIn() {
		SidebarBrowser phone = new SidebarBrowser(port);
		String authorize = SidebarBrowser.location(phone.get("/h5/" + world.corp() + "/sidebar/signin"));
		String state = param(authorize, "state");

		HttpResponse<String> refused = phone.get("/h5/" + world.corp() + "/sidebar/oauth?code=forged0123456789&state=" + state);

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).contains("id=\"message\"");
		assertThat(phone.get(world.page(world.customer())).statusCode()).as("still signed out").isEqualTo(302);
		HttpResponse<String> injected = phone.get("/h5/" + world.corp() + "/sidebar/oauth?code=a%26access_token%3Dx&state="
				+ param(SidebarBrowser.location(phone.get("/h5/" + world.corp() + "/sidebar/signin")), "state"));
		assertThat(injected.statusCode()).isEqualTo(401);
	}

	@Test
	void aCodeWorksOnceAndAStateOnlyInItsOwnSession() {
		SidebarBrowser phone = new SidebarBrowser(port);
		String callback = callbackFromWeCom(phone);
		assertThat(phone.get(callback).statusCode()).isEqualTo(302);

		// the same code again, with a fresh state of this session: WeCom says the code is used (40029)
		String freshState = param(SidebarBrowser.location(phone.get("/h5/" + world.corp() + "/sidebar/signin")), "state");
		HttpResponse<String> reused = phone.get(callback.replaceAll("state=[^&]+", "state=" + freshState));
		assertThat(reused.statusCode()).isEqualTo(401);

		// the same callback in another browser (an attacker replaying a leaked URL): its state is not theirs
		SidebarBrowser attacker = new SidebarBrowser(port);
		attacker.get("/h5/" + world.corp() + "/sidebar/signin");
		assertThat(attacker.get(callback).statusCode()).isEqualTo(400);
		assertThat(attacker.get(world.page(world.customer())).statusCode()).isEqualTo(302);
	}

	@Test
	void aStateFromAnotherSessionIsRefusedBeforeTheCodeIsUsed() {
		SidebarBrowser victim = new SidebarBrowser(port);
		victim.get("/h5/" + world.corp() + "/sidebar/signin");
		SidebarBrowser attacker = new SidebarBrowser(port);
		String attackersCallback = callbackFromWeCom(attacker);

		// login CSRF: the attacker's code and state planted in the victim's browser
		HttpResponse<String> planted = victim.get(attackersCallback);

		assertThat(planted.statusCode()).isEqualTo(400);
		assertThat(victim.get(world.page(world.customer())).statusCode()).isEqualTo(302);
		assertThat(attacker.get(attackersCallback).statusCode()).as("the code was not spent by the refusal")
			.isEqualTo(302);
		String anotherCallback = callbackFromWeCom(attacker);
		assertThat(attacker.get(anotherCallback.replace(world.corp(), other.corp())).statusCode())
			.as("a state is for one corp").isEqualTo(400);
	}

	@Test
	void onlyActiveMembersOfTheCorpMaySignIn() {
		SidebarBrowser customer = new SidebarBrowser(port);
		String authorize = SidebarBrowser.location(customer.get("/h5/" + world.corp() + "/sidebar/signin"));
		// someone who is not a member (WeCom answers an openid)
		HttpResponse<String> refused = customer.follow(authorize + "&sandbox_userid=" + world.customer());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(customer.get(world.page(world.customer())).statusCode()).isEqualTo(302);
	}

	@Test
	void aMemberWhoLeavesIsSignedOutAtTheNextRequest() {
		SidebarWorld leaving = other;
		SidebarBrowser phone = new SidebarBrowser(port);
		assertThat(phone.follow(leaving.page(leaving.customer())).statusCode()).isEqualTo(200);

		Actors.runAs(Actor.system(leaving.corpId()), () -> {
			long id = staff.findByUserid(leaving.guide()).orElseThrow().id();
			staff.update(id, new StaffChange(null, null, null, null, false, StaffStatus.RESIGNED));
		});

		HttpResponse<String> next = phone.get(leaving.page(leaving.customer()));
		assertThat(next.statusCode()).isEqualTo(302);
		assertThat(phone.redirect(next)).contains("/sidebar/signin");
		HttpResponse<String> again = phone.follow(leaving.page(leaving.customer()));
		assertThat(again.statusCode()).isEqualTo(403);
		assertThat(again.body()).doesNotContain(leaving.customer());
	}

	@Test
	void aSignInEndsAfterItsLifetimeAndIsRenewedThroughWeCom() {
		SidebarBrowser phone = signedIn(world);
		ServerSessions.ageSignIn(app, phone.cookie("JSESSIONID"), Duration.ofHours(2).minusMinutes(1));
		assertThat(phone.get(world.page(world.customer())).statusCode()).as("still within 2 h").isEqualTo(200);

		ServerSessions.ageSignIn(app, phone.cookie("JSESSIONID"), Duration.ofMinutes(2));

		HttpResponse<String> expired = phone.get(world.page(world.customer()));
		assertThat(expired.statusCode()).isEqualTo(302);
		assertThat(phone.redirect(expired)).startsWith("/h5/" + world.corp() + "/sidebar/signin");
		assertThat(phone.get("/h5/" + world.corp() + "/sidebar/customers/" + customerId(world, world.customer())
				+ "/timeline", "HX-Request", "true").statusCode()).isEqualTo(401);
		assertThat(phone.follow(world.page(world.customer())).statusCode()).as("renewed silently").isEqualTo(200);
	}

	@Test
	void unknownCorpsAreNotFound() {
		SidebarBrowser phone = new SidebarBrowser(port);
		assertThat(phone.get("/h5/wwNoSuchCorp/sidebar?external_userid=" + world.customer()).statusCode()).isEqualTo(404);
		assertThat(phone.get("/h5/wwNoSuchCorp/sidebar/signin").statusCode()).isEqualTo(404);
		assertThat(phone.get("/h5/wwNoSuchCorp/sidebar/oauth?code=x&state=y").statusCode()).isEqualTo(404);
	}

	@Test
	void theSignInNeverRedirectsOutOfTheSidebar() {
		SidebarBrowser phone = new SidebarBrowser(port);
		for (String next : List.of("https://evil.example/", "//evil.example/x", "/console", "/h5/" + other.corp() + "/sidebar",
				"/h5/" + world.corp() + "/sidebar/../../console")) {
			String authorize = SidebarBrowser.location(phone.get("/h5/" + world.corp() + "/sidebar/signin?next="
					+ java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8)));
			HttpResponse<String> back = phone.get(SidebarBrowser.location(phone.get(authorize)));
			assertThat(phone.redirect(back)).as(next).isEqualTo("/h5/" + world.corp() + "/sidebar");
		}
	}

	@Test
	void htmxRequestsWithoutASignInAreToldToReloadThePage() {
		SidebarBrowser phone = new SidebarBrowser(port);
		HttpResponse<String> response = phone.get("/h5/" + world.corp() + "/sidebar/customers/1/timeline", "HX-Request",
				"true", "HX-Current-URL", "http://127.0.0.1:" + port + world.page(world.customer()));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("HX-Redirect")).hasValue(world.page(world.customer()));
	}

	@Test
	void aFormWithoutTheCsrfTokenChangesNothing() {
		SidebarBrowser phone = signedIn(world);
		long id = customerId(world, world.customer());
		long before = notes(id);

		HttpResponse<String> forged = phone.postWithoutCsrf("/h5/" + world.corp() + "/sidebar/customers/" + id + "/notes",
				"key=" + SidebarNotes.newFormKey() + "&text=forged");

		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(notes(id)).isEqualTo(before);
	}

	@Test
	void aConsoleLoginDoesNotOpenTheSidebar() throws Exception {
		io.siyu.ConsoleBrowser console = new io.siyu.ConsoleBrowser(port);
		console.login("admin", "admin-test-password");
		var response = console.get(world.page(world.customer()));
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElseThrow()).contains("/sidebar/signin");
	}

	// ---------------------------------------------------------------------------------------------------------

	SidebarBrowser signedIn(SidebarWorld w) {
		SidebarBrowser phone = new SidebarBrowser(port);
		assertThat(phone.follow(w.page(w.customer())).statusCode()).isEqualTo(200);
		return phone;
	}

	/** Starts a sign-in and lets the sandbox answer; returns WeCom's redirect back (code and state), not yet visited. */
	String callbackFromWeCom(SidebarBrowser browser) {
		String authorize = SidebarBrowser.location(browser.get("/h5/" + world.corp() + "/sidebar/signin"));
		return SidebarBrowser.location(browser.get(authorize));
	}

	long customerId(SidebarWorld w, String external) {
		return jdbc.sql("select id from customer where corp_id = ? and external_userid = ?").params(w.corpId(), external)
			.query(Long.class).single();
	}

	long notes(long customerId) {
		return jdbc.sql("select count(*) from customer_event where customer_id = ? and kind = 'note'").param(customerId)
			.query(Long.class).single();
	}

	String nameOf(SidebarWorld w, String userid) {
		return jdbc.sql("select name from staff where corp_id = ? and userid = ?").params(w.corpId(), userid)
			.query(String.class).single();
	}

	static String param(String url, String name) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]" + name + "=([^&#]+)").matcher(url);
		if (!m.find()) {
			throw new IllegalArgumentException(name + " not in " + url);
		}
		return m.group(1);
	}
}
