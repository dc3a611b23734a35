package io.siyu.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MassSendTest {

  final SandboxClock clock = SandboxClock.manual(Instant.parse("2026-03-03T02:00:00Z"));
  WeComSandbox sandbox;
  SandboxCorp corp;
  WeComClient client;
  String sender;
  List<String> customers;

  @BeforeEach
  void start() {
    sandbox = WeComSandbox.builder().port(0).clock(clock).seed(21).build().start();
    corp = sandbox.createCorp(new CorpSpec("wwcorp", 1000002, "s3cret", null, "tok", TokenAndErrorsTest.KEY));
    corp.seed(new WorldSpec(2, 2, 200, 6, 0));
    client = new WeComClient(sandbox, "wwcorp", "s3cret");
    sender = "store001_01";
    customers = corp.customersOf(sender).subList(0, 3);
  }

  @AfterEach
  void stop() {
    sandbox.stop();
  }

  String send(List<String> to) {
    JsonNode r = client.post("/cgi-bin/externalcontact/add_msg_template", Map.of("chat_type", "single",
        "sender", sender, "external_userid", to, "text", Map.of("content", "春季上新")));
    assertThat(r.path("errcode").asInt()).as(r.toString()).isZero();
    return r.path("msgid").asString();
  }

  @Test
  void taskIsPendingUntilTheSenderConfirms() {
    List<String> to = new ArrayList<>(customers);
    to.add("wmSTRANGER");
    JsonNode r = client.post("/cgi-bin/externalcontact/add_msg_template", Map.of("sender", sender,
        "external_userid", to, "text", Map.of("content", "hi")));
    assertThat(r.path("fail_list").get(0).asString()).isEqualTo("wmSTRANGER");
    String msgid = r.path("msgid").asString();
    JsonNode task = client.post("/cgi-bin/externalcontact/get_groupmsg_task", Map.of("msgid", msgid)).path("task_list");
    assertThat(task.get(0).path("status").asInt()).isZero();

    corp.actions().staffDeletesCustomer(sender, customers.get(2));
    clock.advance(Duration.ofMinutes(5));
    corp.actions().staffConfirmsMassSend(msgid, sender);
    assertThat(client.post("/cgi-bin/externalcontact/get_groupmsg_task", Map.of("msgid", msgid))
        .path("task_list").get(0).path("status").asInt()).isEqualTo(2);
    JsonNode result = client.post("/cgi-bin/externalcontact/get_groupmsg_send_result",
        Map.of("msgid", msgid, "userid", sender)).path("send_list");
    assertThat(result).extracting(n -> n.path("status").asInt()).containsExactly(1, 1, 2);

    long now = clock.epochSecond();
    JsonNode list = client.post("/cgi-bin/externalcontact/get_groupmsg_list_v2", Map.of("chat_type", "single",
        "start_time", now - 3600, "end_time", now));
    assertThat(list.path("group_msg_list").get(0).path("msgid").asString()).isEqualTo(msgid);
    assertThat(client.post("/cgi-bin/externalcontact/get_groupmsg_list_v2", Map.of("chat_type", "single",
        "start_time", now - 40 * 86_400, "end_time", now)).path("errcode").asInt()).isEqualTo(40058);
  }

  @Test
  void monthlyCapGivesStatusThree() {
    sandbox.rules().massSendsPerCustomerPerMonth(2);
    List<String> one = List.of(customers.get(0));
    for (int i = 0; i < 3; i++) {
      corp.actions().staffConfirmsMassSend(send(one), sender);
    }
    String third = client.post("/cgi-bin/externalcontact/get_groupmsg_list_v2", Map.of("chat_type", "single",
        "start_time", clock.epochSecond() - 60, "end_time", clock.epochSecond())).path("group_msg_list").get(2)
        .path("msgid").asString();
    assertThat(client.post("/cgi-bin/externalcontact/get_groupmsg_send_result", Map.of("msgid", third, "userid", sender))
        .path("send_list").get(0).path("status").asInt()).isEqualTo(3);
    clock.advance(Duration.ofDays(30));
    client.forgetToken();
    String nextMonth = send(one);
    corp.actions().staffConfirmsMassSend(nextMonth, sender);
    assertThat(client.post("/cgi-bin/externalcontact/get_groupmsg_send_result", Map.of("msgid", nextMonth, "userid", sender))
        .path("send_list").get(0).path("status").asInt()).isEqualTo(1);
  }

  @Test
  void limitsOnRecipientsAndReminders() {
    sandbox.rules().msgTemplateMaxRecipients(2);
    assertThat(client.post("/cgi-bin/externalcontact/add_msg_template", Map.of("sender", sender,
        "external_userid", customers, "text", Map.of("content", "x"))).path("errcode").asInt()).isEqualTo(40058);
    String msgid = send(customers.subList(0, 1));
    for (int i = 0; i < 3; i++) {
      assertThat(client.post("/cgi-bin/externalcontact/remind_groupmsg_send", Map.of("msgid", msgid)).path("errcode").asInt()).isZero();
    }
    assertThat(client.post("/cgi-bin/externalcontact/remind_groupmsg_send", Map.of("msgid", msgid)).path("errcode").asInt()).isNotZero();
    clock.advance(Duration.ofHours(25));
    client.forgetToken();
    assertThat(client.post("/cgi-bin/externalcontact/remind_groupmsg_send", Map.of("msgid", msgid)).path("errcode").asInt()).isZero();
    assertThat(client.post("/cgi-bin/externalcontact/cancel_groupmsg_send", Map.of("msgid", msgid)).path("errcode").asInt()).isZero();
  }
}
