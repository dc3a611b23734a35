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

class CallbackTest {

  static final String KEY = TokenAndErrorsTest.KEY;
  final SandboxClock clock = SandboxClock.manual(Instant.parse("2026-03-01T08:00:00Z"));
  WeComSandbox sandbox;
  CallbackReceiver receiver;
  SandboxCorp corp;
  WeComClient client;

  @BeforeEach
  void start() throws Exception {
    receiver = new CallbackReceiver("QDG6eK", KEY, "wwcorp");
    sandbox = WeComSandbox.builder().port(0).clock(clock).seed(3).build().start();
    sandbox.rules().callbackRetryDelay(Duration.ofMillis(20));
    corp = sandbox.createCorp(new CorpSpec("wwcorp", 1000002, "s3cret", receiver.url(), "QDG6eK", KEY));
    corp.seed(WorldSpec.demo());
    client = new WeComClient(sandbox, "wwcorp", "s3cret");
  }

  @AfterEach
  void stop() {
    sandbox.stop();
    receiver.close();
  }

  String addContactWay(String state, boolean skipVerify) {
    JsonNode r = client.post("/cgi-bin/externalcontact/add_contact_way", Map.of("type", 1, "scene", 2,
        "state", state, "skip_verify", skipVerify, "user", List.of("store001_01")));
    assertThat(r.path("errcode").asInt()).as(r.toString()).isZero();
    return r.path("config_id").asString();
  }

  @Test
  void urlVerificationEchoesThePlaintext() {
    assertThat(sandbox.callbacks().verifyUrl(corp)).isTrue();
    corp.callbackUrl("http://127.0.0.1:1/nobody-listens");
    assertThat(sandbox.callbacks().verifyUrl(corp)).isFalse();
  }

  @Test
  void callbackUrlCanChangeAfterCreation() throws Exception {
    CallbackReceiver lateReceiver = new CallbackReceiver("QDG6eK", KEY, "wwlate");
    SandboxCorp late = sandbox.createCorp(new CorpSpec("wwlate", 7, "s", null, "QDG6eK", KEY));
    late.seed(WorldSpec.demo());
    String chat = late.groupChatIds().get(0);
    late.actions().groups().rename(chat, "before");
    late.callbackUrl(lateReceiver.url());
    late.actions().groups().rename(chat, "after");
    sandbox.callbacks().awaitIdle(Duration.ofSeconds(5));
    assertThat(sandbox.callbacks().deliveries("wwlate")).extracting(Delivery::status)
        .containsExactly(Delivery.Status.NO_URL, Delivery.Status.DELIVERED);
    assertThat(sandbox.callbacks().deliveries("wwlate").get(1).lastAttemptAt()).isNotNull();
    assertThat(lateReceiver.received.get(0).field("UpdateDetail")).isEqualTo("change_name");
    lateReceiver.close();
  }

  @Test
  void scanSendsSignedEncryptedAddEventWithStateAndWelcomeCode() {
    String configId = addContactWay("store-001", true);
    assertThat(sandbox.callbacks().awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(receiver.received).as("API-made changes emit no callbacks").isEmpty();

    ClientActions.Added added = corp.actions().customerScans(configId, "wmCUSTOMER0001");
    assertThat(sandbox.callbacks().awaitIdle(Duration.ofSeconds(5))).isTrue();

    assertThat(receiver.received).hasSize(1);
    CallbackReceiver.Received event = receiver.received.get(0);
    assertThat(event.signatureOk()).isTrue();
    assertThat(event.field("ToUserName")).isEqualTo("wwcorp");
    assertThat(event.field("FromUserName")).isEqualTo("sys");
    assertThat(event.field("Event")).isEqualTo("change_external_contact");
    assertThat(event.field("ChangeType")).isEqualTo("add_external_contact");
    assertThat(event.field("UserID")).isEqualTo("store001_01");
    assertThat(event.field("ExternalUserID")).isEqualTo("wmCUSTOMER0001");
    assertThat(event.field("State")).isEqualTo("store-001");
    assertThat(event.field("WelcomeCode")).isEqualTo(added.welcomeCode());
    assertThat(event.field("CreateTime")).isEqualTo(String.valueOf(clock.epochSecond()));
    assertThat(receiver.lastEnvelope).startsWith("<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[");

    JsonNode detail = client.get("/cgi-bin/externalcontact/get?external_userid=wmCUSTOMER0001");
    assertThat(detail.path("follow_user").get(0).path("state").asString()).isEqualTo("store-001");
    assertThat(detail.path("follow_user").get(0).path("add_way").asInt()).isEqualTo(1);
  }

  @Test
  void halfEventWhenConfiguredForSkipVerify() {
    sandbox.rules().halfEventOnSkipVerify(true);
    addContactWay("half", true);
    corp.actions().customerScans("half", "wmHALF");
    corp.actions().staffConfirms("store001_01", "wmHALF");
    sandbox.callbacks().awaitIdle(Duration.ofSeconds(5));
    assertThat(receiver.received).extracting(r -> r.field("ChangeType"))
        .containsExactly("add_half_external_contact", "add_external_contact");
    assertThat(receiver.received.get(0).field("WelcomeCode")).isNotEmpty();
    assertThat(receiver.received.get(1).field("WelcomeCode")).isNull();
  }

  @Test
  void welcomeCodeIsSingleUseWithinTwentySeconds() {
    addContactWay("w", true);
    ClientActions.Added a = corp.actions().customerScans("w", "wmA");
    ClientActions.Added b = corp.actions().customerScans("w", "wmB");
    clock.advance(Duration.ofSeconds(3));
    Map<String, Object> msg = Map.of("welcome_code", a.welcomeCode(), "text", Map.of("content", "欢迎"));
    assertThat(client.post("/cgi-bin/externalcontact/send_welcome_msg", msg).path("errcode").asInt()).isZero();
    assertThat(client.post("/cgi-bin/externalcontact/send_welcome_msg", msg).path("errcode").asInt()).isEqualTo(41051);
    clock.advance(Duration.ofSeconds(18));
    assertThat(client.post("/cgi-bin/externalcontact/send_welcome_msg",
        Map.of("welcome_code", b.welcomeCode(), "text", Map.of("content", "hi"))).path("errcode").asInt())
        .as("expired after 20 s").isEqualTo(41051);
    assertThat(corp.welcomeMessages()).hasSize(1);
    assertThat(corp.welcomeMessages().get(0).externalUserId()).isEqualTo("wmA");
    ClientActions.Added c = corp.actions().customerScans("w", "wmC");
    corp.actions().customerStartsChat("wmC", c.userid());
    assertThat(client.post("/cgi-bin/externalcontact/send_welcome_msg",
        Map.of("welcome_code", c.welcomeCode(), "text", Map.of("content", "hi"))).path("errcode").asInt())
        .as("chat already started").isEqualTo(41051);
    assertThat(corp.welcomeMessages().get(0).latency()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void deletionsAndDistinctCreateTimes() {
    addContactWay("d", true);
    corp.actions().customerScans("d", "wmD");
    corp.actions().customerDeletesStaff("wmD", "store001_01");
    corp.actions().customerScans("d", "wmD");
    corp.actions().staffDeletesCustomer("store001_01", "wmD");
    sandbox.callbacks().awaitIdle(Duration.ofSeconds(5));
    assertThat(receiver.received).extracting(r -> r.field("ChangeType"))
        .containsExactly("add_external_contact", "del_follow_user", "add_external_contact", "del_external_contact");
    List<String> addTimes = receiver.ofChangeType("add_external_contact").stream().map(r -> r.field("CreateTime")).toList();
    assertThat(addTimes.get(0)).isNotEqualTo(addTimes.get(1));
    assertThat(client.get("/cgi-bin/externalcontact/get?external_userid=wmD").path("errcode").asInt()).isEqualTo(84061);
  }

  @Test
  void retriesOnNon200UpToThreeTimes() {
    addContactWay("r", true);
    receiver.failuresLeft.set(2);
    corp.actions().customerScans("r", "wmR1");
    sandbox.callbacks().awaitIdle(Duration.ofSeconds(5));
    Delivery d = sandbox.callbacks().deliveries("wwcorp").get(0);
    assertThat(d.status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(d.attempts()).isEqualTo(3);

    receiver.failuresLeft.set(10);
    corp.actions().customerScans("r", "wmR2");
    sandbox.callbacks().awaitIdle(Duration.ofSeconds(5));
    Delivery failed = sandbox.callbacks().deliveries("wwcorp").get(1);
    assertThat(failed.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(failed.attempts()).isEqualTo(4);
    assertThat(failed.lastHttpStatus()).isEqualTo(500);
  }

  @Test
  void dropAndDuplicateFaults() {
    addContactWay("f", true);
    sandbox.faults().callbackDropRate(1.0);
    corp.actions().customerScans("f", "wmF1");
    sandbox.faults().callbackDropRate(0).callbackDuplicates(true);
    corp.actions().customerScans("f", "wmF2");
    sandbox.callbacks().awaitIdle(Duration.ofSeconds(5));
    assertThat(sandbox.callbacks().deliveries()).extracting(Delivery::status)
        .containsExactly(Delivery.Status.DROPPED, Delivery.Status.DELIVERED, Delivery.Status.DELIVERED);
    assertThat(receiver.received).hasSize(2);
    assertThat(receiver.received.get(0).plaintext()).isEqualTo(receiver.received.get(1).plaintext());
    assertThat(receiver.received.get(0).field("ExternalUserID")).isEqualTo("wmF2");
  }

  @Test
  void reorderLetsLaterEventsOvertake() {
    addContactWay("o", true);
    sandbox.faults().callbackReorderRate(1.0, Duration.ofMillis(200));
    corp.actions().customerScans("o", "wmO1");
    sandbox.faults().callbackReorderRate(0, Duration.ZERO);
    corp.actions().customerScans("o", "wmO2");
    sandbox.callbacks().awaitIdle(Duration.ofSeconds(5));
    assertThat(receiver.received).extracting(r -> r.field("ExternalUserID")).containsExactly("wmO2", "wmO1");
  }

  @Test
  void groupAndTagEvents() {
    String chatId = corp.groupChatIds().get(0);
    JsonNode before = client.post("/cgi-bin/externalcontact/groupchat/get", Map.of("chat_id", chatId));
    String version = before.path("group_chat").path("member_version").asString();
    corp.actions().groups().customerJoins(chatId, "wmJOIN", GroupActions.QR_CODE, "poster");
    corp.actions().groups().customerLeaves(chatId, "wmJOIN", true);
    corp.actions().groups().rename(chatId, "新名字");
    corp.actions().groups().dismiss(chatId);
    String tagId = corp.actions().tags().create("新组", "新标签");
    corp.actions().tags().create("新组", "第二个");
    corp.actions().tags().rename(tagId, "改名");
    corp.actions().tags().delete(tagId);
    sandbox.callbacks().awaitIdle(Duration.ofSeconds(5));

    List<CallbackReceiver.Received> chat = receiver.received.stream()
        .filter(r -> "change_external_chat".equals(r.field("Event"))).toList();
    assertThat(chat).extracting(r -> r.field("ChangeType")).containsExactly("update", "update", "update", "dismiss");
    CallbackReceiver.Received join = chat.get(0);
    assertThat(join.field("UpdateDetail")).isEqualTo("add_member");
    assertThat(join.field("JoinScene")).isEqualTo("3");
    assertThat(join.field("MemChangeCnt")).isEqualTo("1");
    assertThat(join.field("LastMemVer")).isEqualTo(version);
    assertThat(join.plaintext()).contains("<MemChangeList><Item><![CDATA[wmJOIN]]></Item></MemChangeList>");
    assertThat(chat.get(1).field("QuitScene")).isEqualTo("1");
    assertThat(chat.get(1).field("LastMemVer")).isEqualTo(join.field("CurMemVer"));
    assertThat(chat.get(2).field("UpdateDetail")).isEqualTo("change_name");

    List<CallbackReceiver.Received> tags = receiver.received.stream()
        .filter(r -> "change_external_tag".equals(r.field("Event"))).toList();
    assertThat(tags).extracting(r -> r.field("ChangeType") + "/" + r.field("TagType"))
        .containsExactly("create/tag_group", "create/tag", "update/tag", "delete/tag");
  }

  @Test
  void manyEventsAreAllDeliveredInOrder() {
    addContactWay("bulk", true);
    long t0 = System.nanoTime();
    for (int i = 0; i < 500; i++) {
      corp.actions().customerScans("bulk", String.format("wmBULK%04d", i));
    }
    assertThat(sandbox.callbacks().awaitIdle(Duration.ofSeconds(20))).isTrue();
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(receiver.received).hasSize(500);
    assertThat(receiver.received.get(499).field("ExternalUserID")).isEqualTo("wmBULK0499");
    assertThat(millis).as("500 callbacks took %d ms", millis).isLessThan(15_000);
  }

  @Test
  void aNaiveAppWelcomesTwiceOnDuplicatesButOnlyOneWelcomeLands() {
    addContactWay("welcome", true);
    List<Integer> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
    receiver.onEvent = event -> {
      if ("add_external_contact".equals(event.field("ChangeType"))) {
        answers.add(client.post("/cgi-bin/externalcontact/send_welcome_msg", Map.of("welcome_code",
            event.field("WelcomeCode"), "text", Map.of("content", "欢迎光临"))).path("errcode").asInt());
      }
    };
    client.token();
    sandbox.faults().callbackDuplicates(true);
    corp.actions().customerScans("welcome", "wmWELCOME");
    sandbox.callbacks().awaitIdle(Duration.ofSeconds(5));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (answers.size() < 2 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(answers).containsExactlyInAnyOrder(0, 41051); // the duplicate may be answered first
    assertThat(corp.welcomeMessages()).hasSize(1);
    assertThat(corp.welcomeMessages().get(0).realLatency()).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void welcomeAttachmentsNeedUploadedMedia() {
    addContactWay("media", true);
    String mediaId = client.postRaw("/cgi-bin/media/upload?type=image&access_token=" + client.token(),
        "--b\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.png\"\r\n\r\nPNG\r\n--b--").path("media_id").asString();
    assertThat(mediaId).isNotEmpty();
    ClientActions.Added a = corp.actions().customerScans("media", "wmM1");
    ClientActions.Added b = corp.actions().customerScans("media", "wmM2");
    assertThat(client.post("/cgi-bin/externalcontact/send_welcome_msg", Map.of("welcome_code", a.welcomeCode(),
        "attachments", List.of(Map.of("msgtype", "image", "image", Map.of("media_id", "nope"))))).path("errcode").asInt())
        .isEqualTo(40007);
    assertThat(client.post("/cgi-bin/externalcontact/send_welcome_msg", Map.of("welcome_code", a.welcomeCode(),
        "attachments", List.of(Map.of("msgtype", "image", "image", Map.of("media_id", mediaId))))).path("errcode").asInt())
        .as("a failed call does not consume the code").isZero();
    clock.advance(Duration.ofDays(3).plusSeconds(1));
    client.forgetToken();
    assertThat(client.post("/cgi-bin/externalcontact/add_msg_template", Map.of("sender", b.userid(),
        "external_userid", List.of("wmM2"), "attachments",
        List.of(Map.of("msgtype", "image", "image", Map.of("media_id", mediaId))))).path("errcode").asInt())
        .as("media expire after 3 days").isEqualTo(40007);
  }
}
