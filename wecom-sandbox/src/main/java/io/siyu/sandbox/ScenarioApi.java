package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * /sandbox/... : drive the simulated world over HTTP (for the standalone sandbox and non-Java tests).
 * JSON in, JSON out; HTTP 400 with {"error": ...} when a scenario step is impossible.
 */
final class ScenarioApi implements HttpHandler {

  private final WeComSandbox sandbox;

  ScenarioApi(WeComSandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    Map<String, String> query = ApiServer.query(exchange.getRequestURI().getRawQuery());
    try {
      JsonNode body = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Object answer = route(method, path.split("/"), body, query);
      if (answer == null) {
        ApiServer.respond(exchange, 404, Json.write(obj("error", "no such scenario endpoint: " + method + " " + path)));
      } else {
        ApiServer.respond(exchange, 200, Json.write(answer));
      }
    } catch (ApiError e) {
      ApiServer.respond(exchange, 400, Json.write(obj("error", e.getMessage(), "errcode", e.code)));
    } catch (RuntimeException e) {
      ApiServer.respond(exchange, 400, Json.write(obj("error", String.valueOf(e.getMessage()))));
    }
  }

  /** parts: ["", "sandbox", ...]. */
  private Object route(String method, String[] parts, JsonNode body, Map<String, String> query) {
    boolean post = "POST".equals(method);
    String first = parts.length > 2 ? parts[2] : "";
    switch (first) {
      case "faults":
        return post ? faults(body) : null;
      case "rules":
        return post ? rules(body) : null;
      case "clock":
        if (post && parts.length > 3 && parts[3].equals("advance")) {
          sandbox.clock().advance(Duration.ofSeconds(body.path("seconds").asLong()));
        }
        return obj("now", sandbox.clock().now().toString(), "epoch_second", sandbox.clock().epochSecond());
      case "deliveries":
        String corpId = query.get("corp_id");
        return obj("deliveries", (corpId == null ? sandbox.callbacks().deliveries() : sandbox.callbacks().deliveries(corpId))
            .stream().map(ScenarioApi::delivery).toList());
      case "corps":
        return corps(post, parts, body);
      default:
        return null;
    }
  }

  private Object corps(boolean post, String[] parts, JsonNode body) {
    if (parts.length == 3) {
      if (!post) {
        return obj("corps", sandbox.corps().stream().map(SandboxCorp::corpId).toList());
      }
      SandboxCorp corp = sandbox.createCorp(new CorpSpec(body.path("corp_id").asString(), body.path("agent_id").asInt(1000002),
          body.path("secret").asString(), body.path("callback_url").asString(null), body.path("token").asString(""),
          body.path("encoding_aes_key").asString()));
      if (body.has("world")) {
        corp.seed(world(body.path("world")));
      }
      return obj("corp_id", corp.corpId(), "base_url", sandbox.baseUrl());
    }
    if (post && parts.length == 4 && parts[3].equals("demo")) {
      SandboxCorp demo = sandbox.createDemoCorp(body.path("callback_url").asString(null));
      return obj("corp_id", demo.corpId(), "base_url", sandbox.baseUrl());
    }
    SandboxCorp corp = sandbox.corp(parts[3]);
    String what = parts.length > 4 ? parts[4] : "";
    switch (what) {
      case "seed":
        corp.seed(world(body));
        return obj("customers", corp.customerCount(), "staff", corp.staffIds().size());
      case "staff":
        return obj("staff", corp.staffIds());
      case "groups":
        return obj("chat_ids", corp.groupChatIds());
      case "welcome-messages":
        return obj("welcome_messages", corp.welcomeMessages().stream().map(w -> obj("welcome_code", w.welcomeCode(),
            "userid", w.userid(), "external_userid", w.externalUserId(), "code_issued_at", w.codeIssuedAt().toString(),
            "sent_at", w.sentAt().toString(), "latency_ms", w.latency().toMillis(), "real_latency_ms", w.realLatency().toMillis(), "text", w.text())).toList());
      case "callback-url":
        if (post) {
          corp.callbackUrl(body.path("url").asString(null));
        }
        return obj("callback_url", corp.callbackUrl());
      case "verify-url":
        return obj("verified", sandbox.callbacks().verifyUrl(corp));
      case "traffic":
        Traffic traffic = corp.lastTraffic();
        if (post && parts.length > 5 && parts[5].equals("stop")) {
          if (traffic != null) {
            traffic.stop();
          }
        } else if (post) {
          traffic = corp.startTraffic(new Traffic.Spec(body.path("contact_way").asString(),
              body.path("adds_per_second").asDouble(1), body.path("leaves_per_second").asDouble(0),
              Duration.ofSeconds(body.path("seconds").asLong(10))));
        }
        return traffic == null ? obj("running", false) : obj("running", traffic.running(), "adds", traffic.adds(),
            "leaves", traffic.leaves());
      case "actions":
        return post && parts.length > 5 ? ScenarioActions.run(corp, parts[5], body) : null;
      default:
        return null;
    }
  }

  private static WorldSpec world(JsonNode w) {
    return new WorldSpec(w.path("departments").asInt(3), w.path("staff_per_department").asInt(2),
        w.path("customers").asInt(50), w.path("groups").asInt(4), w.path("tags").asInt(12));
  }

  private Object faults(JsonNode body) {
    Faults f = sandbox.faults();
    if (body.path("reset").asBoolean(false)) {
      f.reset();
    }
    for (Map.Entry<String, JsonNode> e : body.path("error_rates").properties()) {
      f.errorRate(Integer.parseInt(e.getKey()), e.getValue().asDouble());
    }
    if (body.has("latency_ms")) {
      f.latency(Duration.ofMillis(body.path("latency_ms").asLong()));
    }
    if (body.has("callback_drop_rate")) {
      f.callbackDropRate(body.path("callback_drop_rate").asDouble());
    }
    if (body.has("callback_duplicate_rate")) {
      f.callbackDuplicateRate(body.path("callback_duplicate_rate").asDouble());
    }
    if (body.has("callback_reorder_rate")) {
      f.callbackReorderRate(body.path("callback_reorder_rate").asDouble(),
          Duration.ofMillis(body.path("callback_reorder_delay_ms").asLong(300)));
    }
    return obj("ok", true);
  }

  private Object rules(JsonNode b) {
    SandboxRules r = sandbox.rules();
    if (b.has("token_ttl_seconds")) r.tokenTtl(Duration.ofSeconds(b.path("token_ttl_seconds").asLong()));
    if (b.has("calls_per_minute")) r.callsPerMinute(b.path("calls_per_minute").asInt());
    if (b.has("calls_per_hour")) r.callsPerHour(b.path("calls_per_hour").asInt());
    if (b.has("concurrent_calls_per_corp")) r.concurrentCallsPerCorp(b.path("concurrent_calls_per_corp").asInt());
    if (b.has("welcome_code_ttl_seconds")) r.welcomeCodeTtl(Duration.ofSeconds(b.path("welcome_code_ttl_seconds").asLong()));
    if (b.has("corp_tag_cap")) r.corpTagCap(b.path("corp_tag_cap").asInt());
    if (b.has("contact_way_cap")) r.contactWayCap(b.path("contact_way_cap").asInt());
    if (b.has("state_max_length")) r.stateMaxLength(b.path("state_max_length").asInt());
    if (b.has("msg_template_max_recipients")) r.msgTemplateMaxRecipients(b.path("msg_template_max_recipients").asInt());
    if (b.has("mass_sends_per_customer_per_month")) r.massSendsPerCustomerPerMonth(b.path("mass_sends_per_customer_per_month").asInt());
    if (b.has("half_event_on_skip_verify")) r.halfEventOnSkipVerify(b.path("half_event_on_skip_verify").asBoolean());
    if (b.has("group_capacity")) r.groupCapacity(b.path("group_capacity").asInt());
    if (b.has("failed_token_calls_per_hour")) r.failedTokenCallsPerHour(b.path("failed_token_calls_per_hour").asInt());
    if (b.has("read_lag_ms")) r.readLag(Duration.ofMillis(b.path("read_lag_ms").asLong()));
    if (b.has("callback_concurrency")) r.callbackConcurrency(b.path("callback_concurrency").asInt());
    if (b.has("delivery_log_limit")) r.deliveryLogLimit(b.path("delivery_log_limit").asInt());
    if (b.has("callback_timeout_ms")) r.callbackTimeout(Duration.ofMillis(b.path("callback_timeout_ms").asLong()));
    if (b.has("callback_retries")) r.callbackRetries(b.path("callback_retries").asInt());
    if (b.has("callback_retry_delay_ms")) r.callbackRetryDelay(Duration.ofMillis(b.path("callback_retry_delay_ms").asLong()));
    return obj("ok", true);
  }

  private static Map<String, Object> delivery(Delivery d) {
    return obj("id", d.id(), "corp_id", d.corpId(), "event", d.event(), "change_type", d.changeType(),
        "create_time", d.createTime(), "status", d.status().name(), "attempts", d.attempts(),
        "last_http_status", d.lastHttpStatus(), "duplicate", d.duplicate(), "plaintext", d.plaintext());
  }
}
