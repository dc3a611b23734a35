package io.siyu.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The /cgi-bin surface: token check, rate and concurrency limits, injected faults, then the endpoint
 * under the corp's lock. Always HTTP 200 with errcode/errmsg, like WeCom.
 */
final class ApiServer implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final Map<String, Endpoint> routes = new HashMap<>();
  private final Function<String, Corp> corps;
  private final Tokens tokens;
  private final RateLimiter limiter;
  private final Faults faults;
  private final SandboxRules rules;
  private final SandboxClock clock;

  ApiServer(Function<String, Corp> corps, Tokens tokens, Faults faults, SandboxRules rules, SandboxClock clock) {
    this.corps = corps;
    this.tokens = tokens;
    this.limiter = new RateLimiter(rules);
    this.faults = faults;
    this.rules = rules;
    this.clock = clock;
    DirectoryEndpoints.register(routes);
    CustomerEndpoints.register(routes);
    TagEndpoints.register(routes);
    ContactWayEndpoints.register(routes);
    GroupEndpoints.register(routes);
    MassSendEndpoints.register(routes);
    TransferEndpoints.register(routes);
    MiscEndpoints.register(routes);
    InterceptRuleEndpoints.register(routes);
    AcquisitionEndpoints.register(routes);
    GroupWelcomeTemplateEndpoints.register(routes);
    MediaEndpoints.register(routes);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Instant now = clock.now();
    String ip = exchange.getRemoteAddress().getAddress().getHostAddress();
    Map<String, Object> answer;
    try {
      answer = answer(exchange, now);
    } catch (ApiError e) {
      answer = error(e, now, ip);
    } catch (RuntimeException e) {
      log.warn("sandbox endpoint failed: {}", exchange.getRequestURI(), e);
      answer = error(new ApiError(-1), now, ip);
    }
    respond(exchange, 200, Json.write(answer));
  }

  private Map<String, Object> answer(HttpExchange exchange, Instant now) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    // read the body up front so that early error answers leave the keep-alive connection clean
    String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (path.equals("/cgi-bin/gettoken")) {
      return gettoken(query, now);
    }
    String token = query.get("access_token");
    Corp corp = corps.apply(tokens.corpOf(token, now));
    Endpoint endpoint = routes.get(path);
    if (endpoint == null) {
      throw new ApiError(301002, "api " + path);
    }
    limiter.count(corp.spec.corpId(), path, now);
    try (AutoCloseable ignored = limiter.enter(corp.spec.corpId())) {
      pause(faults.latency());
      Optional<Integer> fault = faults.pickApiError();
      if (fault.isPresent()) {
        if (fault.get() == 42001 || fault.get() == 40014) {
          tokens.revoke(token);
        }
        throw new ApiError(fault.get());
      }
      boolean json = "POST".equals(exchange.getRequestMethod()) && !path.startsWith("/cgi-bin/media/");
      JsonNode body = Json.parse(json ? raw : null);
      ApiCall call = new ApiCall(corp, query, body, now);
      Map<String, Object> result;
      synchronized (corp) {
        corp.settle();
        result = endpoint.handle(call);
      }
      return ok(result);
    } catch (ApiError | IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, Object> gettoken(Map<String, String> query, Instant now) {
    String corpId = query.get("corpid");
    String secret = query.get("corpsecret");
    if (corpId == null || corpId.isEmpty()) {
      throw new ApiError(41002);
    }
    if (secret == null || secret.isEmpty()) {
      throw new ApiError(41004);
    }
    Corp corp = corps.apply(corpId);
    if (corp == null) {
      throw new ApiError(40013);
    }
    // gettoken is rate limited like any API: clients must cache the token
    limiter.checkTokenFailures(corpId, now);
    limiter.count(corpId, "/cgi-bin/gettoken", now);
    if (!corp.spec.secret().equals(secret)) {
      limiter.countTokenFailure(corpId, now);
      throw new ApiError(40001);
    }
    Tokens.Issued issued = tokens.issue(corpId, now, rules.tokenTtl());
    return ok(Json.obj("access_token", issued.token(), "expires_in", issued.expiresIn(now)));
  }

  static Map<String, Object> ok(Map<String, Object> result) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("errcode", 0);
    out.put("errmsg", "ok");
    out.putAll(result);
    return out;
  }

  private static Map<String, Object> error(ApiError e, Instant now, String ip) {
    return Json.obj("errcode", e.code, "errmsg", ErrorCodes.decorate(e.getMessage(), e.code, now.getEpochSecond(), ip));
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void pause(Duration d) {
    if (!d.isZero()) {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
