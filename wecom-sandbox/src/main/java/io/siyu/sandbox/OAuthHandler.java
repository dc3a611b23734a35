package io.siyu.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * GET /connect/oauth2/authorize: WeCom's page redirects to redirect_uri with code and state. Who is
 * "logged in" is the corp's browser user ({@link SandboxCorp#browserUser}), or the extension
 * parameter sandbox_userid.
 */
final class OAuthHandler implements HttpHandler {

  private final Function<String, SandboxCorp> corps;
  private final SandboxClock clock;

  OAuthHandler(Function<String, SandboxCorp> corps, SandboxClock clock) {
    this.corps = corps;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Map<String, String> q = ApiServer.query(exchange.getRequestURI().getRawQuery());
    SandboxCorp corp = q.get("appid") == null ? null : corps.apply(q.get("appid"));
    String redirect = q.get("redirect_uri");
    if (corp == null || redirect == null || !exchange.getRequestURI().getPath().equals("/connect/oauth2/authorize")) {
      ApiServer.respond(exchange, 400, Json.write(Json.obj("error", "unknown appid, path or missing redirect_uri")));
      return;
    }
    String userid = q.getOrDefault("sandbox_userid", corp.browserUser());
    String code;
    synchronized (corp.corp()) {
      code = corp.corp().oauthCodes.issue(userid, clock.now());
    }
    String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code + "&state="
        + URLEncoder.encode(q.getOrDefault("state", ""), StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }
}
