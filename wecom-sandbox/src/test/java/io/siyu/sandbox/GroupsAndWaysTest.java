package io.siyu.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GroupsAndWaysTest {

  WeComSandbox sandbox;
  SandboxCorp corp;
  WeComClient client;

  @BeforeEach
  void start() {
    sandbox = WeComSandbox.builder().port(0).seed(13).build().start();
    corp = sandbox.createCorp(new CorpSpec("wwcorp", 1000002, "s3cret", null, "tok", TokenAndErrorsTest.KEY));
    corp.seed(new WorldSpec(3, 2, 300, 25, 5));
    client = new WeComClient(sandbox, "wwcorp", "s3cret");
  }

  @AfterEach
  void stop() {
    sandbox.stop();
  }

  @Test
  void groupchatListPagesWithARequiredLimit() {
    assertThat(client.post("/cgi-bin/externalcontact/groupchat/list", Map.of()).path("errcode").asInt()).isEqualTo(40058);
    assertThat(client.post("/cgi-bin/externalcontact/groupchat/list", Map.of("limit", 1001)).path("errcode").asInt()).isEqualTo(40058);
    Set<String> seen = new HashSet<>();
    String cursor = "";
    do {
      JsonNode r = client.post("/cgi-bin/externalcontact/groupchat/list", Map.of("limit", 10, "cursor", cursor));
      r.path("group_chat_list").forEach(g -> seen.add(g.path("chat_id").asString()));
      cursor = r.path("next_cursor").asString();
    } while (!cursor.isEmpty());
    assertThat(seen).hasSize(25);
    String owner = client.post("/cgi-bin/externalcontact/groupchat/get", Map.of("chat_id", seen.iterator().next()))
        .path("group_chat").path("owner").asString();
    JsonNode mine = client.post("/cgi-bin/externalcontact/groupchat/list",
        Map.of("limit", 100, "owner_filter", Map.of("userid_list", List.of(owner))));
    assertThat(mine.path("group_chat_list").size()).isBetween(1, 24);
  }

  @Test
  void groupchatGetShowsMembersAndVersion() {
    String chatId = corp.groupChatIds().get(0);
    corp.actions().groups().customerJoins(chatId, "wmNEW", GroupActions.QR_CODE, "poster-1");
    JsonNode chat = client.post("/cgi-bin/externalcontact/groupchat/get", Map.of("chat_id", chatId, "need_name", 1))
        .path("group_chat");
    assertThat(chat.path("member_list").size()).isEqualTo(corp.groupMembers(chatId).size());
    JsonNode last = chat.path("member_list").get(chat.path("member_list").size() - 1);
    assertThat(last.path("userid").asString()).isEqualTo("wmNEW");
    assertThat(last.path("type").asInt()).isEqualTo(2);
    assertThat(last.path("join_scene").asInt()).isEqualTo(3);
    assertThat(last.path("state").asString()).isEqualTo("poster-1");
    assertThat(last.has("name")).isTrue();
    assertThat(chat.path("member_version").asString()).hasSize(32);
    assertThat(client.post("/cgi-bin/externalcontact/groupchat/get", Map.of("chat_id", "wrNOPE")).path("errcode").asInt())
        .isEqualTo(40050);
  }

  @Test
  void joinWays() {
    List<String> chats = corp.groupChatIds().subList(0, 2);
    JsonNode added = client.post("/cgi-bin/externalcontact/groupchat/add_join_way",
        Map.of("scene", 2, "chat_id_list", chats, "state", "poster", "remark", "海报"));
    assertThat(added.path("errcode").asInt()).isZero();
    String configId = added.path("config_id").asString();
    JsonNode way = client.post("/cgi-bin/externalcontact/groupchat/get_join_way", Map.of("config_id", configId)).path("join_way");
    assertThat(way.path("chat_id_list")).hasSize(2);
    assertThat(way.path("qr_code").asString()).isNotEmpty();
    assertThat(client.post("/cgi-bin/externalcontact/groupchat/add_join_way",
        Map.of("scene", 2, "chat_id_list", corp.groupChatIds().subList(0, 6))).path("errcode").asInt()).isEqualTo(40058);
    assertThat(client.post("/cgi-bin/externalcontact/groupchat/add_join_way",
        Map.of("scene", 2, "chat_id_list", chats, "state", "x".repeat(31))).path("errcode").asInt()).isEqualTo(84025);
    assertThat(client.post("/cgi-bin/externalcontact/groupchat/update_join_way",
        Map.of("config_id", configId, "scene", 1, "chat_id_list", chats.subList(0, 1))).path("errcode").asInt()).isZero();
    assertThat(client.post("/cgi-bin/externalcontact/groupchat/get_join_way", Map.of("config_id", configId))
        .path("join_way").path("chat_id_list")).hasSize(1);
    client.post("/cgi-bin/externalcontact/groupchat/del_join_way", Map.of("config_id", configId));
    assertThat(client.post("/cgi-bin/externalcontact/groupchat/get_join_way", Map.of("config_id", configId))
        .path("errcode").asInt()).isNotZero();
  }

  @Test
  void contactWays() {
    assertThat(client.post("/cgi-bin/externalcontact/add_contact_way", Map.of("type", 1, "scene", 2)).path("errcode").asInt())
        .isEqualTo(40058);
    assertThat(client.post("/cgi-bin/externalcontact/add_contact_way", Map.of("type", 1, "scene", 2,
        "user", List.of("store001_01"), "state", "x".repeat(31))).path("errcode").asInt()).isEqualTo(84025);
    assertThat(client.post("/cgi-bin/externalcontact/add_contact_way", Map.of("type", 1, "scene", 2,
        "user", List.of("store001_01", "store001_02"))).path("errcode").asInt()).as("single needs one user").isEqualTo(40058);
    JsonNode multi = client.post("/cgi-bin/externalcontact/add_contact_way", Map.of("type", 2, "scene", 2,
        "party", List.of(3), "state", "store-1", "skip_verify", false));
    assertThat(multi.path("errcode").asInt()).isZero();
    String configId = multi.path("config_id").asString();
    JsonNode way = client.post("/cgi-bin/externalcontact/get_contact_way", Map.of("config_id", configId)).path("contact_way");
    assertThat(way.path("skip_verify").asBoolean()).isFalse();
    assertThat(way.path("state").asString()).isEqualTo("store-1");

    ClientActions.Added added = corp.actions().customerScans("store-1");
    assertThat(added.userid()).startsWith("store001_");

    assertThat(client.post("/cgi-bin/externalcontact/update_contact_way", Map.of("config_id", configId, "state", "store-2"))
        .path("errcode").asInt()).isZero();
    JsonNode list = client.post("/cgi-bin/externalcontact/list_contact_way", Map.of("limit", 10));
    assertThat(list.path("contact_way")).hasSize(1);
    sandbox.rules().contactWayCap(1);
    assertThat(client.post("/cgi-bin/externalcontact/add_contact_way", Map.of("type", 1, "scene", 2,
        "user", List.of("store001_01"))).path("errcode").asInt()).isNotZero();
    assertThat(client.post("/cgi-bin/externalcontact/del_contact_way", Map.of("config_id", configId)).path("errcode").asInt()).isZero();
    assertThat(client.post("/cgi-bin/externalcontact/get_contact_way", Map.of("config_id", configId)).path("errcode").asInt())
        .isNotZero();
  }

  @Test
  void joinWayFillsGroupsThenCreatesRooms() {
    String chat = corp.groupChatIds().get(0);
    int size = corp.groupMembers(chat).size();
    sandbox.rules().groupCapacity(size + 1);
    JsonNode added = client.post("/cgi-bin/externalcontact/groupchat/add_join_way", Map.of("scene", 2,
        "chat_id_list", List.of(chat), "state", "live-code", "auto_create_room", 1, "room_base_name", "福利群", "room_base_id", 10));
    String configId = added.path("config_id").asString();
    assertThat(corp.actions().groups().customerScansJoinWay("live-code", "wmJ1")).isEqualTo(chat);
    String created = corp.actions().groups().customerScansJoinWay(configId, "wmJ2");
    assertThat(created).isNotEqualTo(chat);
    JsonNode room = client.post("/cgi-bin/externalcontact/groupchat/get", Map.of("chat_id", created)).path("group_chat");
    assertThat(room.path("name").asString()).isEqualTo("福利群11");
    assertThat(client.post("/cgi-bin/externalcontact/groupchat/get_join_way", Map.of("config_id", configId))
        .path("join_way").path("chat_id_list")).hasSize(2);
    JsonNode member = room.path("member_list").get(room.path("member_list").size() - 1);
    assertThat(member.path("state").asString()).isEqualTo("live-code");
    assertThat(member.path("join_scene").asInt()).isEqualTo(3);
  }

  @Test
  void readLagHidesFreshChangesForAWhile() {
    SandboxClock clock = SandboxClock.manual(java.time.Instant.parse("2026-03-01T08:00:00Z"));
    WeComSandbox lagged = WeComSandbox.builder().port(0).clock(clock).seed(13).build().start();
    try {
      lagged.rules().readLag(java.time.Duration.ofSeconds(2));
      SandboxCorp c = lagged.createCorp(new CorpSpec("wwlag", 1, "s", null, "t", TokenAndErrorsTest.KEY));
      c.seed(new WorldSpec(1, 1, 10, 1, 0));
      WeComClient lagClient = new WeComClient(lagged, "wwlag", "s");
      String chat = c.groupChatIds().get(0);
      String version = lagClient.post("/cgi-bin/externalcontact/groupchat/get", Map.of("chat_id", chat))
          .path("group_chat").path("member_version").asString();
      c.actions().staffAddsCustomer("store001_01", "wmFRESH");
      c.actions().groups().customerJoins(chat, "wmFRESH", GroupActions.QR_CODE, "");
      assertThat(lagClient.get("/cgi-bin/externalcontact/get?external_userid=wmFRESH").path("errcode").asInt()).isEqualTo(84061);
      assertThat(lagClient.post("/cgi-bin/externalcontact/groupchat/get", Map.of("chat_id", chat))
          .path("group_chat").path("member_version").asString()).isEqualTo(version);
      clock.advance(java.time.Duration.ofSeconds(3));
      assertThat(lagClient.get("/cgi-bin/externalcontact/get?external_userid=wmFRESH").path("errcode").asInt()).isZero();
      assertThat(lagClient.post("/cgi-bin/externalcontact/groupchat/get", Map.of("chat_id", chat))
          .path("group_chat").path("member_version").asString()).isNotEqualTo(version);
    } finally {
      lagged.stop();
    }
  }

  @Test
  void temporaryContactWayDiesAfterOneAdd() {
    JsonNode temp = client.post("/cgi-bin/externalcontact/add_contact_way", Map.of("type", 1, "scene", 2, "is_temp", true,
        "user", List.of("store001_01"), "state", "temp"));
    assertThat(temp.path("errcode").asInt()).isZero();
    String configId = temp.path("config_id").asString();
    corp.actions().customerScans(configId, "wmTEMP1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> corp.actions().customerScans(configId, "wmTEMP2"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(client.post("/cgi-bin/externalcontact/list_contact_way", Map.of()).path("contact_way"))
        .as("temporary ways are not listed").isEmpty();
    assertThat(client.post("/cgi-bin/externalcontact/close_temp_chat", Map.of("userid", "store001_01",
        "external_userid", "wmTEMP1")).path("errcode").asInt()).isZero();
    assertThat(client.post("/cgi-bin/externalcontact/add_contact_way", Map.of("type", 2, "scene", 2, "is_temp", true,
        "user", List.of("store001_01", "store001_02"))).path("errcode").asInt()).isEqualTo(40058);
  }
}
