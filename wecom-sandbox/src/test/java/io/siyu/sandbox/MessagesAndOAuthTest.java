package io.siyu.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MessagesAndOAuthTest {

  WeComSandbox sandbox;
  SandboxCorp corp;
  WeComClient client;

  @BeforeEach
  void start() {
    sandbox = WeComSandbox.builder().port(0).clock(SandboxClock.manual(Instant.parse("2026-03-01T08:00:10Z"))).build().start();
    corp = sandbox.createCorp(new CorpSpec("wwcorp", 1000002, "s3cret", null, "tok", TokenAndErrorsTest.KEY));
    corp.seed(WorldSpec.demo());
    client = new WeComClient(sandbox, "wwcorp", "s3cret");
  }

  @AfterEach
  void stop() {
    sandbox.stop();
  }

  @Test
  void messageSendRecordsWhatMembersReceive() {
    JsonNode r = client.post("/cgi-bin/message/send", Map.of("touser", "store001_01|ghost", "msgtype", "text",
        "agentid", 1000002, "text", Map.of("content", "今日任务：回访 3 位客户")));
    assertThat(r.path("errcode").asInt()).isZero();
    assertThat(r.path("invaliduser").asString()).isEqualTo("ghost");
    assertThat(corp.appMessages()).singleElement().satisfies(m -> {
      assertThat(m.toUsers()).containsExactly("store001_01");
      assertThat(m.content()).isEqualTo("今日任务：回访 3 位客户");
    });
    assertThat(client.post("/cgi-bin/message/send", Map.of("touser", "@all", "msgtype", "text", "agentid", 1,
        "text", Map.of("content", "x"))).path("errcode").asInt()).isEqualTo(40056);
  }

  @Test
  void momentTasksAreLimitedToTenPerMinute() {
    Map<String, Object> task = Map.of("text", Map.of("content", "新品上市"));
    String jobid = null;
    for (int i = 0; i < 10; i++) {
      JsonNode r = client.post("/cgi-bin/externalcontact/add_moment_task", task);
      assertThat(r.path("errcode").asInt()).isZero();
      jobid = r.path("jobid").asString();
    }
    assertThat(client.post("/cgi-bin/externalcontact/add_moment_task", task).path("errcode").asInt()).isEqualTo(45009);
    JsonNode result = client.get("/cgi-bin/externalcontact/get_moment_task_result?jobid=" + jobid);
    assertThat(result.path("status").asInt()).isEqualTo(3);
    assertThat(result.path("result").path("moment_id").asString()).startsWith("mom");
  }

  @Test
  void oauthRedirectsWithACodeThatResolvesToTheBrowserUser() throws Exception {
    corp.browserUser("store002_01");
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
        + "/connect/oauth2/authorize?appid=wwcorp&redirect_uri=http%3A%2F%2Fapp.local%2Fh5&response_type=code"
        + "&scope=snsapi_base&state=xyz&agentid=1000002")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(302);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("http://app.local/h5?code=").endsWith("&state=xyz");
    String code = location.substring(location.indexOf("code=") + 5, location.indexOf("&state"));
    JsonNode user = client.get("/cgi-bin/auth/getuserinfo?code=" + code);
    assertThat(user.path("userid").asString()).isEqualTo("store002_01");
    assertThat(client.get("/cgi-bin/auth/getuserinfo?code=" + code).path("errcode").asInt()).isEqualTo(40029);
    HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
        + "/connect/oauth2/authorize?appid=wwcorp&redirect_uri=http%3A%2F%2Fapp.local%2Fh5&state=s")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    String loc = again.headers().firstValue("Location").orElseThrow();
    String code2 = loc.substring(loc.indexOf("code=") + 5, loc.indexOf("&state"));
    assertThat(client.get("/cgi-bin/user/getuserinfo?agentid=1000002&code=" + code2).path("UserId").asString())
        .isEqualTo("store002_01");
  }

  @Test
  void interceptRules() {
    JsonNode added = client.post("/cgi-bin/externalcontact/add_intercept_rule", Map.of("rule_name", "敏感词",
        "word_list", java.util.List.of("返现", "刷单"), "intercept_type", 1,
        "applicable_range", Map.of("user_list", java.util.List.of("store001_01"))));
    assertThat(added.path("errcode").asInt()).isZero();
    String id = added.path("rule_id").asString();
    assertThat(client.post("/cgi-bin/externalcontact/get_intercept_rule_list", Map.of()).path("rule_list")).hasSize(1);
    client.post("/cgi-bin/externalcontact/update_intercept_rule", Map.of("rule_id", id, "word_list", java.util.List.of("返现"),
        "add_applicable_range", Map.of("department_list", java.util.List.of(2))));
    JsonNode rule = client.post("/cgi-bin/externalcontact/get_intercept_rule", Map.of("rule_id", id)).path("rule");
    assertThat(rule.path("word_list")).hasSize(1);
    assertThat(rule.path("applicable_range").path("department_list").get(0).asInt()).isEqualTo(2);
    assertThat(client.post("/cgi-bin/externalcontact/add_intercept_rule", Map.of("rule_name", "空",
        "word_list", java.util.List.of("x"))).path("errcode").asInt()).isEqualTo(40058);
    client.post("/cgi-bin/externalcontact/del_intercept_rule", Map.of("rule_id", id));
    assertThat(client.post("/cgi-bin/externalcontact/get_intercept_rule_list", Map.of()).path("rule_list")).isEmpty();
  }

  @Test
  void groupWelcomeTemplates() {
    String id = client.post("/cgi-bin/externalcontact/group_welcome_template/add",
        Map.of("text", Map.of("content", "欢迎入群"))).path("template_id").asString();
    assertThat(client.post("/cgi-bin/externalcontact/group_welcome_template/get", Map.of("template_id", id))
        .path("text").path("content").asString()).isEqualTo("欢迎入群");
    client.post("/cgi-bin/externalcontact/group_welcome_template/edit", Map.of("template_id", id,
        "link", Map.of("title", "活动", "url", "https://example.com")));
    JsonNode got = client.post("/cgi-bin/externalcontact/group_welcome_template/get", Map.of("template_id", id));
    assertThat(got.path("link").path("title").asString()).isEqualTo("活动");
    assertThat(got.path("text").path("content").asString()).isEqualTo("欢迎入群");
    client.post("/cgi-bin/externalcontact/group_welcome_template/del", Map.of("template_id", id));
    assertThat(client.post("/cgi-bin/externalcontact/group_welcome_template/get", Map.of("template_id", id))
        .path("errcode").asInt()).isEqualTo(40058);
    assertThat(client.post("/cgi-bin/externalcontact/group_welcome_template/add", Map.of()).path("errcode").asInt()).isEqualTo(44004);
  }
}
