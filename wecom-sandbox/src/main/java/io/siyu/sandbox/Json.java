package io.siyu.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** JSON in and out; answers are built as ordered maps so that field order looks like WeCom's. */
final class Json {

  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Json() {
  }

  static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MAPPER.createObjectNode();
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw new ApiError(47001);
      }
      return node;
    } catch (JacksonException e) {
      throw new ApiError(47001, "invalid char in json text.");
    }
  }

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  static Map<String, Object> obj(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      for (JsonNode n : array) {
        out.add(n.asString());
      }
    }
    return out;
  }
}
