package io.siyu.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DirectoryAndCustomersTest {

  final SandboxClock clock = SandboxClock.manual(Instant.parse("2026-03-01T08:00:00Z"));
  WeComSandbox sandbox;
  SandboxCorp corp;
  WeComClient client;

  @BeforeEach
  void start() {
    sandbox = WeComSandbox.builder().port(0).clock(clock).seed(5).build().start();
    corp = sandbox.createCorp(new CorpSpec("wwcorp", 1000002, "s3cret", null, "tok", TokenAndErrorsTest.KEY));
    corp.seed(new WorldSpec(12, 3, 2000, 5, 20));
    client = new WeComClient(sandbox, "wwcorp", "s3cret");
  }

  @AfterEach
  void stop() {
    sandbox.stop();
  }

  @Test
  void departmentTreeAndMembers() {
    JsonNode depts = client.get("/cgi-bin/department/list").path("department");
    assertThat(depts).hasSize(1 + 2 + 12);
    assertThat(client.get("/cgi-bin/department/list?id=2").path("department")).hasSize(11);
    assertThat(client.get("/cgi-bin/user/list?department_id=1&fetch_child=1").path("userlist")).hasSize(36);
    assertThat(client.get("/cgi-bin/user/list?department_id=1").path("userlist")).isEmpty();
    JsonNode simple = client.get("/cgi-bin/user/simplelist?department_id=2&fetch_child=1").path("userlist");
    assertThat(simple).hasSize(30);
    assertThat(simple.get(0).path("userid").asString()).isEqualTo("store001_01");
    JsonNode user = client.get("/cgi-bin/user/get?userid=store001_01");
    assertThat(user.path("position").asString()).isEqualTo("店长");
    assertThat(client.get("/cgi-bin/user/get?userid=ghost").path("errcode").asInt()).isEqualTo(60111);
    assertThat(client.get("/cgi-bin/user/list?department_id=999").path("errcode").asInt()).isEqualTo(60123);
    assertThat(client.get("/cgi-bin/department/get?id=3").path("department").path("name").asString()).isEqualTo("区域2");
    JsonNode ids = client.post("/cgi-bin/user/list_id", Map.of("limit", 20));
    assertThat(ids.path("dept_user")).hasSize(20);
    JsonNode rest = client.post("/cgi-bin/user/list_id", Map.of("limit", 20, "cursor", ids.path("next_cursor").asString()));
    assertThat(rest.path("dept_user")).hasSize(16);
    assertThat(rest.path("next_cursor").asString()).isEmpty();
  }

  @Test
  void followUsersListAndDetail() {
    assertThat(client.get("/cgi-bin/externalcontact/get_follow_user_list").path("follow_user")).hasSize(36);
    JsonNode list = client.get("/cgi-bin/externalcontact/list?userid=store001_01").path("external_userid");
    assertThat(list.size()).isEqualTo(corp.customersOf("store001_01").size()).isPositive();
    String customer = list.get(0).asString();
    JsonNode detail = client.get("/cgi-bin/externalcontact/get?external_userid=" + customer);
    assertThat(detail.path("external_contact").path("external_userid").asString()).isEqualTo(customer);
    JsonNode follow = detail.path("follow_user").get(0);
    assertThat(follow.has("createtime")).isTrue();
    assertThat(follow.has("add_way")).isTrue();
    assertThat(follow.path("tags").isArray()).isTrue();
    assertThat(client.get("/cgi-bin/externalcontact/get?external_userid=wmNOBODY").path("errcode").asInt()).isEqualTo(84061);
    assertThat(client.get("/cgi-bin/externalcontact/get?external_userid=bogus").path("errcode").asInt()).isEqualTo(40096);
  }

  @Test
  void batchGetByUserPagesEveryRelationOnceAndResumesFromAStoredCursor() {
    List<String> users = corp.staffIds().subList(0, 10);
    int expected = users.stream().mapToInt(u -> corp.customersOf(u).size()).sum();
    Set<String> seen = new HashSet<>();
    String cursor = "";
    int pages = 0;
    do {
      JsonNode r = client.post("/cgi-bin/externalcontact/batch/get_by_user",
          Map.of("userid_list", users, "cursor", cursor, "limit", 500));
      assertThat(r.path("errcode").asInt()).isZero();
      assertThat(r.path("external_contact_list").size()).isLessThanOrEqualTo(100);
      for (JsonNode item : r.path("external_contact_list")) {
        String key = item.path("follow_info").path("userid").asString() + "/"
            + item.path("external_contact").path("external_userid").asString();
        assertThat(seen.add(key)).as("no relation twice").isTrue();
      }
      cursor = r.path("next_cursor").asString();
      pages++;
    } while (!cursor.isEmpty());
    assertThat(seen).hasSize(expected);
    assertThat(pages).isEqualTo((expected + 99) / 100);

    JsonNode first = client.post("/cgi-bin/externalcontact/batch/get_by_user", Map.of("userid_list", users));
    assertThat(first.path("external_contact_list")).hasSize(50);
    String stored = first.path("next_cursor").asString();
    // relations change while the client is down: the stored cursor still resumes without gaps or repeats
    String removed = first.path("external_contact_list").get(10).path("external_contact").path("external_userid").asString();
    String owner = first.path("external_contact_list").get(10).path("follow_info").path("userid").asString();
    corp.actions().staffDeletesCustomer(owner, removed);
    List<String> rest = new ArrayList<>();
    cursor = stored;
    while (!cursor.isEmpty()) {
      JsonNode r = client.post("/cgi-bin/externalcontact/batch/get_by_user",
          Map.of("userid_list", users, "cursor", cursor, "limit", 100));
      r.path("external_contact_list").forEach(i -> rest.add(i.path("external_contact").path("external_userid").asString()));
      cursor = r.path("next_cursor").asString();
    }
    assertThat(rest).hasSize(expected - 50);
    assertThat(client.post("/cgi-bin/externalcontact/batch/get_by_user", Map.of("userid_list", List.of()))
        .path("errcode").asInt()).isEqualTo(40058);
  }

  @Test
  void remarkChangesTheRelationWithoutCallbacks() {
    String userid = "store001_01";
    String customer = corp.customersOf(userid).get(0);
    JsonNode r = client.post("/cgi-bin/externalcontact/remark", Map.of("userid", userid, "external_userid", customer,
        "remark", "老客户", "description", "喜欢咖啡", "remark_mobiles", List.of("13800000000")));
    assertThat(r.path("errcode").asInt()).isZero();
    JsonNode follow = client.get("/cgi-bin/externalcontact/get?external_userid=" + customer).path("follow_user");
    JsonNode mine = null;
    for (JsonNode f : follow) {
      if (f.path("userid").asString().equals(userid)) {
        mine = f;
      }
    }
    assertThat(mine.path("remark").asString()).isEqualTo("老客户");
    assertThat(mine.path("remark_mobiles").get(0).asString()).isEqualTo("13800000000");
    assertThat(client.post("/cgi-bin/externalcontact/remark", Map.of("userid", userid, "external_userid", customer,
        "remark", "这个备注实在是太长了超过了二十个字符的限制啊啊")).path("errcode").asInt()).isEqualTo(40058);
    assertThat(client.post("/cgi-bin/externalcontact/remark", Map.of("userid", userid, "external_userid", "wmNONE",
        "remark", "x")).path("errcode").asInt()).isEqualTo(84061);
    assertThat(sandbox.callbacks().deliveries()).isEmpty();
  }

  @Test
  void seedingIsDeterministic() {
    WeComSandbox other = WeComSandbox.builder().port(0).clock(clock).seed(5).build();
    SandboxCorp twin = other.createCorp(new CorpSpec("wwcorp", 1000002, "s3cret", null, "tok", TokenAndErrorsTest.KEY));
    twin.seed(new WorldSpec(12, 3, 2000, 5, 20));
    assertThat(twin.customersOf("store003_02")).isEqualTo(corp.customersOf("store003_02"));
    assertThat(twin.groupChatIds()).isEqualTo(corp.groupChatIds());
    assertThat(twin.tagIds()).isEqualTo(corp.tagIds());
  }

  @Test
  void seedsAHundredThousandCustomersQuickly() {
    WeComSandbox big = WeComSandbox.builder().port(0).seed(1).build();
    SandboxCorp bigCorp = big.createCorp(new CorpSpec("wwbig", 1, "s", null, "t", TokenAndErrorsTest.KEY));
    long t0 = System.nanoTime();
    bigCorp.seed(new WorldSpec(200, 5, 100_000, 1000, 100));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(bigCorp.customerCount()).isEqualTo(100_000);
    assertThat(millis).as("seeding took %d ms", millis).isLessThan(10_000);
  }

  @Test
  void followUsersPageBy500OnlyAboveThat() {
    WeComSandbox big = WeComSandbox.builder().port(0).clock(clock).seed(2).build().start();
    try {
      SandboxCorp c = big.createCorp(new CorpSpec("wwmany", 1, "s", null, "t", TokenAndErrorsTest.KEY));
      c.seed(new WorldSpec(101, 5, 0, 0, 0));
      for (String userid : c.staffIds()) {
        c.actions().staffAddsCustomer(userid, "wmPOPULAR");
      }
      WeComClient http = new WeComClient(big, "wwmany", "s");
      JsonNode first = http.get("/cgi-bin/externalcontact/get?external_userid=wmPOPULAR");
      assertThat(first.path("follow_user")).hasSize(500);
      String cursor = first.path("next_cursor").asString();
      assertThat(cursor).isNotEmpty();
      JsonNode second = http.get("/cgi-bin/externalcontact/get?external_userid=wmPOPULAR&cursor=" + cursor);
      assertThat(second.path("follow_user")).hasSize(5);
      assertThat(second.has("next_cursor")).isFalse();
    } finally {
      big.stop();
    }
  }

  @Test
  void contactListWalksEveryRelation() {
    int expected = corp.staffIds().stream().mapToInt(u -> corp.customersOf(u).size()).sum();
    int seen = 0;
    String cursor = "";
    do {
      JsonNode r = client.post("/cgi-bin/externalcontact/contact_list", Map.of("cursor", cursor, "limit", 1000));
      assertThat(r.path("errcode").asInt()).isZero();
      seen += r.path("info_list").size();
      cursor = r.path("next_cursor").asString();
    } while (!cursor.isEmpty());
    assertThat(seen).isEqualTo(expected);
  }
}
