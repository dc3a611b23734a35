package io.siyu.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A tiny WeCom client for tests: real HTTP, token fetched and refreshed like an app would. */
final class WeComClient {

  static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final String baseUrl;
  private final String corpId;
  private final String secret;
  private String token;

  WeComClient(WeComSandbox sandbox, String corpId, String secret) {
    this.baseUrl = sandbox.baseUrl();
    this.corpId = corpId;
    this.secret = secret;
  }

  String token() {
    if (token == null) {
      JsonNode r = getRaw("/cgi-bin/gettoken?corpid=" + corpId + "&corpsecret=" + secret);
      if (r.path("errcode").asInt() != 0) {
        throw new IllegalStateException(r.toString());
      }
      token = r.path("access_token").asString();
    }
    return token;
  }

  void forgetToken() {
    token = null;
  }

  JsonNode get(String pathAndQuery) {
    return getRaw(pathAndQuery + (pathAndQuery.contains("?") ? "&" : "?") + "access_token=" + token());
  }

  JsonNode post(String path, Object body) {
    return postRaw(path + "?access_token=" + token(), body instanceof String s ? s : JSON.writeValueAsString(body));
  }

  JsonNode getRaw(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET().build());
  }

  JsonNode postRaw(String pathAndQuery, String body) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static JsonNode send(HttpRequest request) {
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + r.statusCode() + " " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> body(Object... kv) {
    return Json.obj(kv);
  }
}
