package io.siyu.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** /sandbox/... scenario endpoints (filled in below). */
final class ScenarioApi implements HttpHandler {

  private final WeComSandbox sandbox;

  ScenarioApi(WeComSandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    ApiServer.respond(exchange, 404, "{\"error\":\"not yet\"}");
  }
}
