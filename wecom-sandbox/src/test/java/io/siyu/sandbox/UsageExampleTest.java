package io.siyu.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README example, kept compiling and passing: what an application test does with the sandbox. */
class UsageExampleTest {

  @Test
  void endToEndAsAnApplicationTestWouldUseIt() throws Exception {
    SandboxClock clock = SandboxClock.manual(Instant.parse("2026-03-01T08:00:00Z"));
    WeComSandbox sandbox = WeComSandbox.builder().port(0).clock(clock).seed(42).build().start();
    try (CallbackReceiver app = new CallbackReceiver("token", TokenAndErrorsTest.KEY, "ww-demo")) {
      SandboxCorp corp = sandbox.createCorp(new CorpSpec("ww-demo", 1000002, "secret", null, "token", TokenAndErrorsTest.KEY));
      corp.callbackUrl(app.url());
      corp.seed(new WorldSpec(5, 3, 1000, 10, 20));
      assertThat(sandbox.callbacks().verifyUrl(corp)).isTrue();

      WeComClient api = new WeComClient(sandbox, "ww-demo", "secret");
      String configId = api.post("/cgi-bin/externalcontact/add_contact_way", Map.of("type", 2, "scene", 2,
          "state", "store-001", "user", corp.staffIds().subList(0, 3))).path("config_id").asString();

      sandbox.faults().errorRate(-1, 0.1).errorRate(45009, 0.05).callbackDropRate(0.1).callbackDuplicates(true);
      for (int i = 0; i < 50; i++) {
        ClientActions.Added added = corp.actions().customerScans(configId);
        if (i % 10 == 0) {
          corp.actions().customerDeletesStaff(added.externalUserId(), added.userid());
        }
      }
      sandbox.callbacks().awaitIdle(Duration.ofSeconds(10));

      List<Delivery> deliveries = sandbox.callbacks().deliveries("ww-demo");
      long dropped = deliveries.stream().filter(d -> d.status() == Delivery.Status.DROPPED).count();
      long copies = deliveries.stream().filter(Delivery::duplicate).count();
      assertThat(deliveries.size()).isEqualTo(55 + (int) copies);
      assertThat(dropped).isBetween(1L, 15L);
      assertThat(app.received).hasSize((int) (55 - dropped + copies));
      assertThat(corp.welcomeMessages()).isEmpty();
    } finally {
      sandbox.stop();
    }
  }
}
