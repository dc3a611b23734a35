package io.siyu.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimitsAndFaultsTest {

  static final String KEY = TokenAndErrorsTest.KEY;
  final SandboxClock clock = SandboxClock.manual(Instant.parse("2026-03-01T08:00:30Z"));
  WeComSandbox sandbox;

  WeComClient start(long seed) {
    sandbox = WeComSandbox.builder().port(0).clock(clock).seed(seed).build().start();
    sandbox.createCorp(new CorpSpec("wwcorp", 1000002, "s3cret", null, "tok", KEY)).seed(WorldSpec.demo());
    return new WeComClient(sandbox, "wwcorp", "s3cret");
  }

  @AfterEach
  void stop() {
    sandbox.stop();
  }

  @Test
  void minuteLimitBlocksThePathForSixtySeconds() {
    WeComClient client = start(1);
    sandbox.rules().callsPerMinute(5);
    for (int i = 0; i < 5; i++) {
      assertThat(client.get("/cgi-bin/department/list").path("errcode").asInt()).isZero();
    }
    assertThat(client.get("/cgi-bin/department/list").path("errcode").asInt()).isEqualTo(45009);
    assertThat(client.get("/cgi-bin/user/list?department_id=1").path("errcode").asInt())
        .as("limits are per path").isZero();
    clock.advance(Duration.ofSeconds(45));
    assertThat(client.get("/cgi-bin/department/list").path("errcode").asInt()).as("still blocked").isEqualTo(45009);
    clock.advance(Duration.ofSeconds(16));
    assertThat(client.get("/cgi-bin/department/list").path("errcode").asInt()).isZero();
  }

  @Test
  void hourLimitBlocksForAnHour() {
    WeComClient client = start(1);
    sandbox.rules().callsPerHour(3);
    for (int i = 0; i < 3; i++) {
      assertThat(client.get("/cgi-bin/department/list").path("errcode").asInt()).isZero();
    }
    assertThat(client.get("/cgi-bin/department/list").path("errcode").asInt()).isEqualTo(45009);
    clock.advance(Duration.ofMinutes(59));
    assertThat(client.get("/cgi-bin/department/list").path("errcode").asInt()).isEqualTo(45009);
    clock.advance(Duration.ofMinutes(2));
    assertThat(client.get("/cgi-bin/department/list").path("errcode").asInt()).isZero();
  }

  @Test
  void concurrencyAboveTheLimitIs45033() throws Exception {
    WeComClient client = start(1);
    client.token();
    sandbox.rules().concurrentCallsPerCorp(2);
    sandbox.faults().latency(Duration.ofMillis(300));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      results.add(pool.submit(() -> client.get("/cgi-bin/department/list").path("errcode").asInt()));
    }
    List<Integer> codes = new ArrayList<>();
    for (Future<Integer> f : results) {
      codes.add(f.get());
    }
    pool.shutdown();
    assertThat(codes).contains(45033).contains(0);
    assertThat(codes.stream().filter(c -> c == 0).count()).isLessThanOrEqualTo(4);
  }

  @Test
  void injected42001InvalidatesTheTokenSoTheClientMustRefresh() {
    WeComClient client = start(1);
    String before = client.token();
    sandbox.faults().errorRate(42001, 1.0);
    assertThat(client.get("/cgi-bin/department/list").path("errcode").asInt()).isEqualTo(42001);
    sandbox.faults().reset();
    assertThat(client.get("/cgi-bin/department/list").path("errcode").asInt()).as("old token is dead").isEqualTo(42001);
    client.forgetToken();
    assertThat(client.token()).isNotEqualTo(before);
    assertThat(client.get("/cgi-bin/department/list").path("errcode").asInt()).isZero();
  }

  @Test
  void errorRatesAreSpreadAndDeterministicForASeed() {
    List<Integer> first = errcodes(start(99));
    sandbox.stop();
    List<Integer> second = errcodes(start(99));
    assertThat(first).isEqualTo(second);
    long failures = first.stream().filter(c -> c != 0).count();
    assertThat(failures).isBetween(20L, 60L);
    assertThat(first).contains(-1, 45009);
  }

  private List<Integer> errcodes(WeComClient client) {
    client.token();
    sandbox.faults().errorRate(-1, 0.1).errorRate(45009, 0.1).errorRate(42001, 0.0);
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      codes.add(client.get("/cgi-bin/department/list").path("errcode").asInt());
    }
    return codes;
  }
}
