package io.siyu.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One authenticated API call: the corp, the query, the JSON body and the sandbox time. */
final class ApiCall {

  final Corp corp;
  final Map<String, String> query;
  final JsonNode body;
  final Instant now;

  ApiCall(Corp corp, Map<String, String> query, JsonNode body, Instant now) {
    this.corp = corp;
    this.query = query;
    this.body = body;
    this.now = now;
  }

  String query(String name) {
    return query.get(name);
  }

  String requireQuery(String name) {
    String v = query.get(name);
    if (v == null || v.isEmpty()) {
      throw new ApiError(40058, "missing " + name);
    }
    return v;
  }

  JsonNode field(String name) {
    return body.path(name);
  }

  boolean has(String name) {
    JsonNode n = body.get(name);
    return n != null && !n.isNull();
  }

  String text(String name) {
    JsonNode n = body.get(name);
    return n == null || n.isNull() ? null : n.asString();
  }

  String requireText(String name) {
    String v = text(name);
    if (v == null || v.isEmpty()) {
      throw new ApiError(40058, "missing " + name);
    }
    return v;
  }

  int intOr(String name, int fallback) {
    JsonNode n = body.get(name);
    return n == null || n.isNull() ? fallback : n.asInt(fallback);
  }

  List<String> strings(String name) {
    return Json.strings(body.get(name));
  }

  long epochSecond() {
    return now.getEpochSecond();
  }
}
