package io.siyu.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AcquisitionTest {

  WeComSandbox sandbox;
  CallbackReceiver receiver;
  SandboxCorp corp;
  WeComClient client;

  @BeforeEach
  void start() throws Exception {
    receiver = new CallbackReceiver("tok", TokenAndErrorsTest.KEY, "wwcorp");
    sandbox = WeComSandbox.builder().port(0).seed(4).build().start();
    corp = sandbox.createCorp(new CorpSpec("wwcorp", 1000002, "s3cret", receiver.url(), "tok", TokenAndErrorsTest.KEY));
    corp.seed(WorldSpec.demo());
    client = new WeComClient(sandbox, "wwcorp", "s3cret");
  }

  @AfterEach
  void stop() {
    sandbox.stop();
    receiver.close();
  }

  @Test
  void linkBringsCustomersWithTheirChannelAsState() {
    JsonNode created = client.post("/cgi-bin/externalcontact/customer_acquisition/create_link", Map.of("link_name", "抖音投放",
        "range", Map.of("user_list", List.of("store002_01"))));
    assertThat(created.path("errcode").asInt()).as(created.toString()).isZero();
    String linkId = created.path("link").path("link_id").asString();
    assertThat(created.path("link").path("url").asString()).contains(linkId);

    ClientActions.Added added = corp.actions().customerOpensLink(linkId, "douyin-0315", "wmLINK1");
    assertThat(added.userid()).isEqualTo("store002_01");
    sandbox.callbacks().awaitIdle(Duration.ofSeconds(5));
    CallbackReceiver.Received event = receiver.received.get(0);
    assertThat(event.field("ChangeType")).isEqualTo("add_external_contact");
    assertThat(event.field("State")).isEqualTo("douyin-0315");

    JsonNode customers = client.post("/cgi-bin/externalcontact/customer_acquisition/customer", Map.of("link_id", linkId));
    assertThat(customers.path("customer_list").get(0).path("state").asString()).isEqualTo("douyin-0315");
    assertThat(client.post("/cgi-bin/externalcontact/customer_acquisition/list_link", Map.of()).path("link_id_list").get(0)
        .asString()).isEqualTo(linkId);
    assertThat(client.post("/cgi-bin/externalcontact/customer_acquisition_quota", Map.of()).path("balance").asInt())
        .isEqualTo(AcquisitionLinks.QUOTA - 1);
    JsonNode got = client.post("/cgi-bin/externalcontact/customer_acquisition/get", Map.of("link_id", linkId));
    assertThat(got.path("range").path("user_list").get(0).asString()).isEqualTo("store002_01");
    client.post("/cgi-bin/externalcontact/customer_acquisition/delete_link", Map.of("link_id", linkId));
    assertThat(client.post("/cgi-bin/externalcontact/customer_acquisition/get", Map.of("link_id", linkId))
        .path("errcode").asInt()).isNotZero();
  }
}
