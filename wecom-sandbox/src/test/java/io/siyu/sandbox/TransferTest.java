package io.siyu.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TransferTest {

  final SandboxClock clock = SandboxClock.manual(Instant.parse("2026-03-01T08:00:00Z"));
  WeComSandbox sandbox;
  CallbackReceiver receiver;
  SandboxCorp corp;
  WeComClient client;

  @BeforeEach
  void start() throws Exception {
    receiver = new CallbackReceiver("tok", TokenAndErrorsTest.KEY, "wwcorp");
    sandbox = WeComSandbox.builder().port(0).clock(clock).seed(8).build().start();
    sandbox.rules().tokenTtl(Duration.ofDays(365));
    corp = sandbox.createCorp(new CorpSpec("wwcorp", 1000002, "s3cret", receiver.url(), "tok", TokenAndErrorsTest.KEY));
    corp.seed(new WorldSpec(2, 2, 100, 6, 0));
    client = new WeComClient(sandbox, "wwcorp", "s3cret");
  }

  @AfterEach
  void stop() {
    sandbox.stop();
    receiver.close();
  }

  JsonNode transfer(String from, String to, List<String> ids) {
    return client.post("/cgi-bin/externalcontact/transfer_customer", Map.of("handover_userid", from,
        "takeover_userid", to, "external_userid", ids));
  }

  @Test
  void onJobTransferCompletesAfter24HoursAndAllowsTwoPer90Days() {
    String a = "store001_01";
    String b = "store001_02";
    String customer = corp.customersOf(a).get(0);
    String refuser = corp.customersOf(a).get(1);
    JsonNode started = transfer(a, b, List.of(customer, refuser, "wmNOTMINE"));
    assertThat(started.path("customer")).extracting(n -> n.path("errcode").asInt()).containsExactly(0, 0, 84061);
    corp.actions().customerRefusesTransfer(refuser);
    clock.advance(Duration.ofHours(23));
    JsonNode waiting = client.post("/cgi-bin/externalcontact/transfer_result", Map.of("handover_userid", a, "takeover_userid", b));
    assertThat(waiting.path("customer")).extracting(n -> n.path("status").asInt()).containsExactly(2, 3);
    clock.advance(Duration.ofHours(2));
    JsonNode done = client.post("/cgi-bin/externalcontact/transfer_result", Map.of("handover_userid", a, "takeover_userid", b));
    assertThat(done.path("customer").get(0).path("status").asInt()).isEqualTo(1);
    assertThat(done.path("customer").get(0).path("takeover_time").asLong()).isPositive();
    assertThat(corp.isFriend(b, customer)).isTrue();
    assertThat(corp.isFriend(a, customer)).isFalse();

    sandbox.callbacks().awaitIdle(Duration.ofSeconds(5));
    assertThat(receiver.ofChangeType("transfer_fail").get(0).field("FailReason")).isEqualTo("customer_refused");
    CallbackReceiver.Received del = receiver.ofChangeType("del_external_contact").get(0);
    assertThat(del.field("Source")).isEqualTo("DELETE_BY_TRANSFER");
    assertThat(del.field("UserID")).isEqualTo(a);

    assertThat(transfer(b, a, List.of(customer)).path("customer").get(0).path("errcode").asInt()).isZero();
    clock.advance(Duration.ofHours(25));
    corp.actions().settle();
    assertThat(transfer(a, b, List.of(customer)).path("customer").get(0).path("errcode").asInt())
        .as("third transfer within 90 days").isEqualTo(45035);
  }

  @Test
  void resignedMembersCustomersAndGroups() {
    String leaver = "store002_01";
    int customers = corp.customersOf(leaver).size();
    assertThat(client.post("/cgi-bin/externalcontact/get_unassigned_list", Map.of()).path("info")).isEmpty();
    corp.actions().staffResigns(leaver);
    assertThat(client.get("/cgi-bin/user/get?userid=" + leaver).path("errcode").asInt()).isEqualTo(60111);
    assertThat(client.get("/cgi-bin/externalcontact/get_follow_user_list").path("follow_user").toString()).doesNotContain(leaver);
    JsonNode unassigned = client.post("/cgi-bin/externalcontact/get_unassigned_list", Map.of("page_size", 1000));
    assertThat(unassigned.path("info")).hasSize(customers);
    assertThat(unassigned.path("is_last").asBoolean()).isTrue();
    String customer = unassigned.path("info").get(0).path("external_userid").asString();
    assertThat(transfer(leaver, "store001_01", List.of(customer)).path("errcode").asInt()).as("on-job API refuses").isEqualTo(40058);
    JsonNode r = client.post("/cgi-bin/externalcontact/resigned/transfer_customer", Map.of("handover_userid", leaver,
        "takeover_userid", "store001_01", "external_userid", List.of(customer)));
    assertThat(r.path("customer").get(0).path("errcode").asInt()).isZero();
    assertThat(client.post("/cgi-bin/externalcontact/get_unassigned_list", Map.of()).path("info")).hasSize(customers - 1);

    List<String> owned = corp.groupChatIds();
    JsonNode result = client.post("/cgi-bin/externalcontact/groupchat/transfer", Map.of("chat_id_list", owned, "new_owner", "store001_02"));
    long notResigned = result.path("failed_chat_list").size();
    assertThat(result.path("failed_chat_list")).allMatch(n -> n.path("errcode").asInt() == 90500);
    assertThat(notResigned).isLessThan(owned.size());
  }

  @Test
  void onJobGroupTransferTwicePer90Days() {
    String chat = corp.groupChatIds().get(0);
    for (int i = 0; i < 2; i++) {
      assertThat(client.post("/cgi-bin/externalcontact/groupchat/onjob_transfer",
          Map.of("chat_id_list", List.of(chat), "new_owner", "store001_0" + (i + 1))).path("failed_chat_list")).isEmpty();
    }
    assertThat(client.post("/cgi-bin/externalcontact/groupchat/onjob_transfer",
        Map.of("chat_id_list", List.of(chat), "new_owner", "store002_01")).path("failed_chat_list").get(0)
        .path("errcode").asInt()).isEqualTo(45035);
  }
}
