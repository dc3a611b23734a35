package io.siyu.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TagsTest {

  WeComSandbox sandbox;
  SandboxCorp corp;
  WeComClient client;

  @BeforeEach
  void start() {
    sandbox = WeComSandbox.builder().port(0).seed(11).build().start();
    corp = sandbox.createCorp(new CorpSpec("wwcorp", 1000002, "s3cret", null, "tok", TokenAndErrorsTest.KEY));
    corp.seed(new WorldSpec(2, 2, 20, 0, 0));
    client = new WeComClient(sandbox, "wwcorp", "s3cret");
  }

  @AfterEach
  void stop() {
    sandbox.stop();
  }

  JsonNode add(Object body) {
    return client.post("/cgi-bin/externalcontact/add_corp_tag", body);
  }

  @Test
  void addListEditDelete() {
    JsonNode created = add(Map.of("group_name", "等级", "order", 5, "tag", List.of(Map.of("name", "金卡"), Map.of("name", "银卡"))));
    assertThat(created.path("errcode").asInt()).isZero();
    String groupId = created.path("tag_group").path("group_id").asString();
    assertThat(created.path("tag_group").path("tag")).hasSize(2);
    String gold = created.path("tag_group").path("tag").get(0).path("id").asString();
    String silver = created.path("tag_group").path("tag").get(1).path("id").asString();

    JsonNode again = add(Map.of("group_name", "等级", "tag", List.of(Map.of("name", "金卡"), Map.of("name", "铜卡"))));
    assertThat(again.path("tag_group").path("group_id").asString()).as("existing group name adds to it").isEqualTo(groupId);
    assertThat(again.path("tag_group").path("tag").get(0).path("id").asString()).as("duplicate collapses").isEqualTo(gold);
    String bronze = again.path("tag_group").path("tag").get(1).path("id").asString();

    assertThat(add(Map.of("group_name", "空组", "tag", List.of())).path("errcode").asInt()).as("no empty groups").isEqualTo(40058);
    assertThat(add(Map.of("group_id", "etNOPE", "tag", List.of(Map.of("name", "x")))).path("errcode").asInt()).isEqualTo(40068);

    JsonNode all = client.post("/cgi-bin/externalcontact/get_corp_tag_list", Map.of());
    assertThat(all.path("tag_group")).hasSize(1);
    assertThat(all.path("tag_group").get(0).path("tag")).hasSize(3);
    JsonNode byTag = client.post("/cgi-bin/externalcontact/get_corp_tag_list", Map.of("tag_id", List.of(silver)));
    assertThat(byTag.path("tag_group").get(0).path("tag")).hasSize(1);
    JsonNode groupWins = client.post("/cgi-bin/externalcontact/get_corp_tag_list",
        Map.of("tag_id", List.of(silver), "group_id", List.of(groupId)));
    assertThat(groupWins.path("tag_group").get(0).path("tag")).hasSize(3);

    assertThat(client.post("/cgi-bin/externalcontact/edit_corp_tag", Map.of("id", silver, "name", "金卡"))
        .path("errcode").asInt()).isEqualTo(40071);
    assertThat(client.post("/cgi-bin/externalcontact/edit_corp_tag", Map.of("id", silver, "name", "白银", "order", 9))
        .path("errcode").asInt()).isZero();

    assertThat(client.post("/cgi-bin/externalcontact/del_corp_tag", Map.of()).path("errcode").asInt()).isEqualTo(40058);
    client.post("/cgi-bin/externalcontact/del_corp_tag", Map.of("tag_id", List.of(gold, silver)));
    assertThat(client.post("/cgi-bin/externalcontact/get_corp_tag_list", Map.of()).path("tag_group").get(0).path("tag")).hasSize(1);
    client.post("/cgi-bin/externalcontact/del_corp_tag", Map.of("tag_id", List.of(bronze)));
    assertThat(client.post("/cgi-bin/externalcontact/get_corp_tag_list", Map.of()).path("tag_group"))
        .as("deleting the last tag deletes the group").isEmpty();
    assertThat(sandbox.callbacks().deliveries()).as("API changes emit no callbacks").isEmpty();
  }

  @Test
  void capOfCorpTags() {
    sandbox.rules().corpTagCap(3);
    assertThat(add(Map.of("group_name", "a", "tag", List.of(Map.of("name", "1"), Map.of("name", "2")))).path("errcode").asInt()).isZero();
    assertThat(add(Map.of("group_name", "b", "tag", List.of(Map.of("name", "1"), Map.of("name", "2")))).path("errcode").asInt()).isNotZero();
    assertThat(add(Map.of("group_name", "b", "tag", List.of(Map.of("name", "1")))).path("errcode").asInt()).isZero();
  }

  @Test
  void markTag() {
    String tag = add(Map.of("group_name", "兴趣", "tag", List.of(Map.of("name", "咖啡")))).path("tag_group").path("tag").get(0).path("id").asString();
    String userid = corp.staffIds().get(0);
    String customer = corp.customersOf(userid).get(0);
    assertThat(client.post("/cgi-bin/externalcontact/mark_tag", Map.of("userid", userid, "external_userid", customer))
        .path("errcode").asInt()).isEqualTo(40058);
    assertThat(client.post("/cgi-bin/externalcontact/mark_tag", Map.of("userid", userid, "external_userid", customer,
        "add_tag", List.of("etNOPE"))).path("errcode").asInt()).isEqualTo(40068);
    assertThat(client.post("/cgi-bin/externalcontact/mark_tag", Map.of("userid", userid, "external_userid", customer,
        "add_tag", List.of(tag))).path("errcode").asInt()).isZero();
    assertThat(corp.tagsOf(userid, customer)).containsExactly(tag);
    JsonNode follow = client.get("/cgi-bin/externalcontact/get?external_userid=" + customer).path("follow_user").get(0);
    assertThat(follow.path("tags").get(0).path("tag_name").asString()).isEqualTo("咖啡");
    assertThat(follow.path("tags").get(0).path("group_name").asString()).isEqualTo("兴趣");
    client.post("/cgi-bin/externalcontact/del_corp_tag", Map.of("tag_id", List.of(tag)));
    assertThat(corp.tagsOf(userid, customer)).isEmpty();
  }

  @Test
  void strategyTagsAreSeparateButShareTheCap() {
    sandbox.rules().corpTagCap(3);
    JsonNode st = client.post("/cgi-bin/externalcontact/add_strategy_tag", Map.of("strategy_id", 7, "group_name", "规则组标签",
        "tag", List.of(Map.of("name", "A"), Map.of("name", "B"))));
    assertThat(st.path("errcode").asInt()).isZero();
    assertThat(st.path("tag_group").path("strategy_id").asLong()).isEqualTo(7);
    assertThat(client.post("/cgi-bin/externalcontact/add_strategy_tag", Map.of("group_name", "x",
        "tag", List.of(Map.of("name", "A")))).path("errcode").asInt()).isEqualTo(40058);
    assertThat(client.post("/cgi-bin/externalcontact/get_corp_tag_list", Map.of()).path("tag_group")).isEmpty();
    assertThat(client.post("/cgi-bin/externalcontact/get_strategy_tag_list", Map.of("strategy_id", 7)).path("tag_group")).hasSize(1);
    assertThat(client.post("/cgi-bin/externalcontact/get_strategy_tag_list", Map.of("strategy_id", 8)).path("tag_group")).isEmpty();
    assertThat(add(Map.of("group_name", "c", "tag", List.of(Map.of("name", "1"), Map.of("name", "2")))).path("errcode").asInt())
        .as("strategy tags count toward the 3000 cap").isNotZero();

    String tag = st.path("tag_group").path("tag").get(0).path("id").asString();
    String userid = corp.staffIds().get(0);
    String customer = corp.customersOf(userid).get(0);
    client.post("/cgi-bin/externalcontact/mark_tag", Map.of("userid", userid, "external_userid", customer, "add_tag", List.of(tag)));
    JsonNode follow = client.get("/cgi-bin/externalcontact/get?external_userid=" + customer).path("follow_user").get(0);
    assertThat(follow.path("tags").get(0).path("type").asInt()).isEqualTo(3);
  }
}
