package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** 入群欢迎语素材 group_welcome_template/add|edit|get|del: stored as sent; text ≤3000 bytes. */
final class GroupWelcomeTemplateEndpoints {

  private static final String BASE = "/cgi-bin/externalcontact/group_welcome_template/";
  private static final String[] PARTS = {"text", "image", "link", "miniprogram", "file", "video"};

  private GroupWelcomeTemplateEndpoints() {
  }

  static void register(Map<String, Endpoint> routes) {
    routes.put(BASE + "add", call -> {
      ObjectNode template = Json.MAPPER.createObjectNode();
      copy(call, template);
      if (template.isEmpty()) {
        throw new ApiError(44004);
      }
      String id = call.corp.ids.next("msg", 28);
      call.corp.groupWelcomeTemplates.put(id, template);
      return obj("template_id", id);
    });
    routes.put(BASE + "edit", call -> {
      copy(call, template(call));
      return obj();
    });
    routes.put(BASE + "get", call -> Json.MAPPER.convertValue(template(call), Map.class));
    routes.put(BASE + "del", call -> {
      call.corp.groupWelcomeTemplates.remove(call.requireText("template_id"));
      return obj();
    });
  }

  private static ObjectNode template(ApiCall call) {
    ObjectNode t = call.corp.groupWelcomeTemplates.get(call.requireText("template_id"));
    if (t == null) {
      throw new ApiError(40058, "invalid template_id");
    }
    return t;
  }

  private static void copy(ApiCall call, ObjectNode template) {
    for (String part : PARTS) {
      JsonNode value = call.body.get(part);
      if (value != null && !value.isNull()) {
        template.set(part, value);
      }
    }
    if (template.path("text").path("content").asString("").getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 3000) {
      throw new ApiError(45002);
    }
  }
}
