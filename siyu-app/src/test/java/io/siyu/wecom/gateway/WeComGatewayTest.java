package io.siyu.wecom.gateway;

import io.siyu.wecom.WeComException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.micrometer.core.instrument.MeterRegistry;
import io.siyu.organization.Corps;
import io.siyu.sandbox.SandboxClock;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WorldSpec;
import io.siyu.wecom.SandboxConnection;

/** The gateway against the sandbox: retries on -1, gives up after the configured attempts, survives 42001. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WeComGatewayTest {

	static WeComSandbox sandbox;

	@Autowired
	WeComGateway gateway;

	@Autowired
	Corps corps;

	@Autowired
	MeterRegistry meters;

	@Autowired
	WeComSettings settings;

	@BeforeAll
	static void start() {
		sandbox = WeComSandbox.builder().port(0).seed(7).clock(SandboxClock.manual()).build().start();
	}

	@AfterAll
	static void stop() {
		sandbox.stop();
	}

	@AfterEach
	void noFaults() {
		sandbox.faults().reset();
	}

	@Test
	void retriesBusyAndGivesUpAfterTheConfiguredAttempts() {
		SandboxConnection corp = connect();
		sandbox.faults().errorRate(-1, 1.0);

		assertThatThrownBy(() -> followers(corp)).isInstanceOf(WeComException.class)
			.extracting(e -> ((WeComException) e).errcode())
			.isEqualTo(-1);

		assertThat(errors(corp, "-1")).isEqualTo(settings.retry().maxAttempts());
		assertThat(calls(corp, "failed")).isEqualTo(1);
	}

	@Test
	void aBusyAnswerIsRetriedUntilItSucceeds() {
		SandboxConnection corp = connect();
		sandbox.faults().errorRate(-1, 0.5);

		for (int i = 0; i < 10; i++) {
			assertThat(followers(corp)).isNotEmpty();
		}
		assertThat(calls(corp, "ok")).isEqualTo(10);
		assertThat(errors(corp, "-1")).isPositive();
	}

	@Test
	void anExpiredTokenIsRefreshedAndTheCallRepeated() {
		SandboxConnection corp = connect();
		assertThat(followers(corp)).isNotEmpty();
		sandbox.clock().advance(Duration.ofHours(3)); // the sandbox expires the token; WxJava still trusts it

		assertThat(followers(corp)).isNotEmpty();
		assertThat(calls(corp, "ok")).isEqualTo(2);
		assertThat(errors(corp, "42001")).isZero();
	}

	@Test
	void aDeadWeComOpensTheCorpsBreaker() {
		SandboxConnection corp = connect();
		sandbox.faults().errorRate(-1, 1.0);
		int attempts = settings.retry().maxAttempts();
		int callsToOpen = (settings.breaker().minimumCalls() + attempts - 1) / attempts;
		for (int i = 0; i < callsToOpen; i++) {
			assertThatThrownBy(() -> followers(corp)).isInstanceOf(WeComException.class);
		}

		assertThat(gateway.breakerState(corp.corpId())).isEqualTo("OPEN");
		assertThatThrownBy(() -> followers(corp)).isInstanceOf(WeComException.class)
			.extracting(e -> ((WeComException) e).errcode())
			.isEqualTo(WeComException.CIRCUIT_OPEN);
	}

	@Test
	void callsOfAllCorpsShareMoreThanWxJavasTenConnections() throws Exception {
		// every corp calls the same WeCom host through WxJava's one client per JVM; with its default of 10
		// connections per host, 24 calls of 1 s each would take 3 rounds (and waits for a connection)
		List<SandboxConnection> three = List.of(connect(), connect(), connect());
		three.forEach(this::followers); // tokens fetched before the clock starts
		sandbox.faults().latency(Duration.ofSeconds(1));
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(24);
		try {
			long start = System.nanoTime();
			List<java.util.concurrent.Future<List<String>>> calls = new java.util.ArrayList<>();
			for (int i = 0; i < 24; i++) {
				SandboxConnection corp = three.get(i % 3); // 8 per corp: within Siyu's (and WeCom's) in-flight limit
				calls.add(pool.submit(() -> followers(corp)));
			}
			for (var call : calls) {
				assertThat(call.get()).isNotEmpty();
			}
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aCorpNeverHasMoreCallsUnderWayThanWeComAllowsTheRestWaitTheirTurn() throws Exception {
		// WeCom (and the sandbox) refuse an 11th call of a corp in flight with 45033; 30 calls at once must all
		// succeed without one refusal, in about 30 / in-flight rounds
		SandboxConnection corp = connect();
		followers(corp);
		sandbox.faults().latency(Duration.ofMillis(300));
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(30);
		try {
			long start = System.nanoTime();
			List<java.util.concurrent.Future<List<String>>> calls = new java.util.ArrayList<>();
			for (int i = 0; i < 30; i++) {
				calls.add(pool.submit(() -> followers(corp)));
			}
			for (var call : calls) {
				assertThat(call.get()).isNotEmpty();
			}
			int rounds = (30 + settings.limits().inFlight() - 1) / settings.limits().inFlight();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300L * rounds));
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(errors(corp, "45033")).as("calls WeCom refused as too many at once").isZero();
		assertThat(calls(corp, "ok")).isEqualTo(31);
	}

	private SandboxConnection connect() {
		SandboxConnection corp = SandboxConnection.create(corps, sandbox);
		corp.wecom().seed(new WorldSpec(1, 3, 10, 0, 0));
		return corp;
	}

	private List<String> followers(SandboxConnection corp) {
		return gateway.call(corp.corpId(), "externalcontact/get_follow_user_list",
				s -> s.getExternalContactService().listFollowers());
	}

	private long errors(SandboxConnection corp, String errcode) {
		var counter = meters.find("siyu.wecom.errors").tag("corp", Long.toString(corp.corpId())).tag("errcode", errcode)
			.counter();
		return counter == null ? 0 : (long) counter.count();
	}

	private long calls(SandboxConnection corp, String outcome) {
		var counter = meters.find("siyu.wecom.calls").tag("corp", Long.toString(corp.corpId())).tag("outcome", outcome)
			.counter();
		return counter == null ? 0 : (long) counter.count();
	}
}
