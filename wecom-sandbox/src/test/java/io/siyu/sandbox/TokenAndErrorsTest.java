package io.siyu.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TokenAndErrorsTest {

  static final String KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
  final SandboxClock clock = SandboxClock.manual(Instant.parse("2026-03-01T08:00:00Z"));
  WeComSandbox sandbox;
  WeComClient client;

  @BeforeEach
  void start() {
    sandbox = WeComSandbox.builder().port(0).clock(clock).seed(7).build().start();
    sandbox.createCorp(new CorpSpec("wwcorp", 1000002, "s3cret", null, "tok", KEY)).seed(WorldSpec.demo());
    client = new WeComClient(sandbox, "wwcorp", "s3cret");
  }

  @AfterEach
  void stop() {
    sandbox.stop();
  }

  @Test
  void gettokenReturnsTheSameTokenWithinValidityAndANewOneAfter() {
    JsonNode first = client.getRaw("/cgi-bin/gettoken?corpid=wwcorp&corpsecret=s3cret");
    assertThat(first.path("errcode").asInt()).isZero();
    assertThat(first.path("errmsg").asString()).isEqualTo("ok");
    assertThat(first.path("expires_in").asInt()).isEqualTo(7200);
    clock.advance(Duration.ofSeconds(100));
    JsonNode again = client.getRaw("/cgi-bin/gettoken?corpid=wwcorp&corpsecret=s3cret");
    assertThat(again.path("access_token").asString()).isEqualTo(first.path("access_token").asString());
    assertThat(again.path("expires_in").asInt()).isEqualTo(7100);

    clock.advance(Duration.ofSeconds(7100));
    JsonNode expired = client.getRaw("/cgi-bin/user/get?userid=store001_01&access_token="
        + first.path("access_token").asString());
    assertThat(expired.path("errcode").asInt()).isEqualTo(42001);
    JsonNode fresh = client.getRaw("/cgi-bin/gettoken?corpid=wwcorp&corpsecret=s3cret");
    assertThat(fresh.path("access_token").asString()).isNotEqualTo(first.path("access_token").asString());
  }

  @Test
  void gettokenRejectsUnknownCorpAndWrongSecret() {
    assertThat(client.getRaw("/cgi-bin/gettoken?corpid=nope&corpsecret=s3cret").path("errcode").asInt()).isEqualTo(40013);
    assertThat(client.getRaw("/cgi-bin/gettoken?corpid=wwcorp&corpsecret=bad").path("errcode").asInt()).isEqualTo(40001);
    assertThat(client.getRaw("/cgi-bin/gettoken?corpsecret=bad").path("errcode").asInt()).isEqualTo(41002);
  }

  @Test
  void apiCallsCheckTheToken() {
    assertThat(client.getRaw("/cgi-bin/user/get?userid=store001_01").path("errcode").asInt()).isEqualTo(41001);
    JsonNode unknown = client.getRaw("/cgi-bin/user/get?userid=store001_01&access_token=forged");
    assertThat(unknown.path("errcode").asInt()).isEqualTo(40014);
    assertThat(unknown.path("errmsg").asString())
        .startsWith("invalid access_token, hint: [")
        .contains("from ip: 127.0.0.1")
        .endsWith("more info at https://open.work.weixin.qq.com/devtool/query?e=40014");
    assertThat(client.get("/cgi-bin/user/get?userid=store001_01").path("userid").asString()).isEqualTo("store001_01");
  }

  @Test
  void malformedJsonIs47001() {
    JsonNode r = client.post("/cgi-bin/externalcontact/get_corp_tag_list", "{\"tag_id\": [");
    assertThat(r.path("errcode").asInt()).isEqualTo(47001);
    assertThat(r.path("errmsg").asString()).contains("Warning: wrong json format.");
  }

  @Test
  void tooManyWrongSecretsBlockGettokenForAnHour() {
    sandbox.rules().failedTokenCallsPerHour(3);
    for (int i = 0; i < 4; i++) {
      assertThat(client.getRaw("/cgi-bin/gettoken?corpid=wwcorp&corpsecret=bad").path("errcode").asInt()).isEqualTo(40001);
    }
    assertThat(client.getRaw("/cgi-bin/gettoken?corpid=wwcorp&corpsecret=s3cret").path("errcode").asInt()).isEqualTo(45009);
    clock.advance(Duration.ofMinutes(61));
    assertThat(client.getRaw("/cgi-bin/gettoken?corpid=wwcorp&corpsecret=s3cret").path("errcode").asInt()).isZero();
  }
}
