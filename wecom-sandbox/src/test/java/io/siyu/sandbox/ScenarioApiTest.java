package io.siyu.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ScenarioApiTest {

  WeComSandbox sandbox;
  CallbackReceiver receiver;
  WeComClient http;

  @BeforeEach
  void start() throws Exception {
    receiver = new CallbackReceiver("tok", TokenAndErrorsTest.KEY, "wwhttp");
    sandbox = WeComSandbox.builder().port(0).clock(SandboxClock.manual(Instant.parse("2026-03-01T08:00:00Z"))).build().start();
    http = new WeComClient(sandbox, "wwhttp", "s");
  }

  @AfterEach
  void stop() {
    sandbox.stop();
    receiver.close();
  }

  JsonNode post(String path, Object body) {
    return http.postRaw(path, WeComClient.JSON.writeValueAsString(body));
  }

  @Test
  void driveAWorldOverHttp() throws Exception {
    JsonNode created = post("/sandbox/corps", Map.of("corp_id", "wwhttp", "secret", "s", "callback_url", receiver.url(),
        "token", "tok", "encoding_aes_key", TokenAndErrorsTest.KEY, "world", Map.of("customers", 30)));
    assertThat(created.path("base_url").asString()).isEqualTo(sandbox.baseUrl());
    assertThat(post("/sandbox/corps/wwhttp/verify-url", Map.of()).path("verified").asBoolean()).isTrue();

    JsonNode way = http.post("/cgi-bin/externalcontact/add_contact_way", Map.of("type", 1, "scene", 2,
        "state", "h5", "user", List.of("store001_01")));
    JsonNode added = post("/sandbox/corps/wwhttp/actions/customer-scans", Map.of("contact_way", way.path("config_id").asString()));
    assertThat(added.path("change_type").asString()).isEqualTo("add_external_contact");
    assertThat(http.post("/cgi-bin/externalcontact/send_welcome_msg", Map.of("welcome_code",
        added.path("welcome_code").asString(), "text", Map.of("content", "hello"))).path("errcode").asInt()).isZero();
    assertThat(http.getRaw("/sandbox/corps/wwhttp/welcome-messages").path("welcome_messages")).hasSize(1);

    String chatId = http.getRaw("/sandbox/corps/wwhttp/groups").path("chat_ids").get(0).asString();
    post("/sandbox/corps/wwhttp/actions/group-rename", Map.of("chat_id", chatId, "name", "VIP"));
    sandbox.callbacks().awaitIdle(Duration.ofSeconds(5));
    JsonNode deliveries = http.getRaw("/sandbox/deliveries?corp_id=wwhttp").path("deliveries");
    assertThat(deliveries).hasSize(2);
    assertThat(deliveries.get(1).path("status").asString()).isEqualTo("DELIVERED");

    assertThatThrownBy(() -> post("/sandbox/corps/wwhttp/actions/group-rename", Map.of("chat_id", "wrNOPE", "name", "x")))
        .hasMessageContaining("HTTP 400").hasMessageContaining("40050");

    post("/sandbox/rules", Map.of("calls_per_minute", 1));
    http.get("/cgi-bin/department/list");
    assertThat(http.get("/cgi-bin/department/list").path("errcode").asInt()).isEqualTo(45009);
    post("/sandbox/clock/advance", Map.of("seconds", 61));
    assertThat(http.get("/cgi-bin/department/list").path("errcode").asInt()).isZero();
    post("/sandbox/rules", Map.of("calls_per_minute", 10_000));

    post("/sandbox/faults", Map.of("error_rates", Map.of("-1", 1.0)));
    assertThat(http.get("/cgi-bin/user/get?userid=store001_01").path("errcode").asInt()).isEqualTo(-1);
    post("/sandbox/faults", Map.of("reset", true));
    assertThat(http.get("/cgi-bin/user/get?userid=store001_01").path("errcode").asInt()).isZero();
  }

  @Test
  void trafficRunsAtARateAndStopsByItself() throws Exception {
    SandboxCorp corp = sandbox.createCorp(new CorpSpec("wwhttp", 1, "s", receiver.url(), "tok", TokenAndErrorsTest.KEY));
    corp.seed(WorldSpec.demo());
    http.post("/cgi-bin/externalcontact/add_contact_way", Map.of("type", 2, "scene", 2, "state", "flow",
        "user", corp.staffIds()));
    JsonNode started = post("/sandbox/corps/wwhttp/traffic", Map.of("contact_way", "flow", "adds_per_second", 40,
        "leaves_per_second", 10, "seconds", 1));
    assertThat(started.path("running").asBoolean()).isTrue();
    Traffic traffic = corp.lastTraffic();
    assertThat(traffic.await(Duration.ofSeconds(5))).isTrue();
    assertThat(http.getRaw("/sandbox/corps/wwhttp/traffic").path("running").asBoolean()).isFalse();
    assertThat(traffic.adds()).isBetween(35, 45);
    assertThat(traffic.leaves()).isBetween(8, 12);
    sandbox.callbacks().awaitIdle(Duration.ofSeconds(5));
    assertThat(receiver.ofChangeType("add_external_contact")).hasSize(traffic.adds());
    assertThat(receiver.ofChangeType("del_follow_user")).hasSize(traffic.leaves());
  }

  @Test
  void demoCorpIsReadyToScan() {
    SandboxCorp demo = sandbox.createDemoCorp(null);
    assertThat(demo.actions().customerScans("demo").state()).isEqualTo("demo");
    WeComClient demoClient = new WeComClient(sandbox, "ww-demo", "demo-secret");
    assertThat(demoClient.post("/cgi-bin/externalcontact/get_contact_way", Map.of("config_id", "demo-way"))
        .path("contact_way").path("state").asString()).isEqualTo("demo");
  }
}
