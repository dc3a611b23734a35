package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Temporary media: media/upload and media/upload_attachment accept any multipart body and return a
 * media_id valid for 3 days; messages that cite an unknown or expired media_id get 40007.
 */
final class MediaEndpoints {

  static final long VALIDITY = 3L * 86_400;

  private MediaEndpoints() {
  }

  static void register(Map<String, Endpoint> routes) {
    routes.put("/cgi-bin/media/upload", call -> upload(call, call.query("type")));
    routes.put("/cgi-bin/media/upload_attachment", call -> upload(call, call.query("media_type")));
    routes.put("/cgi-bin/media/uploadimg", call -> obj("url",
        "https://wework.qpic.cn/wwpic/" + call.corp.ids.hex(24) + "/0"));
  }

  private static Map<String, Object> upload(ApiCall call, String type) {
    if (type == null || !type.matches("image|voice|video|file")) {
      throw new ApiError(40004, "invalid media type " + type);
    }
    String mediaId = "3" + call.corp.ids.next("", 63);
    call.corp.media.put(mediaId, call.epochSecond());
    return obj("type", type, "media_id", mediaId, "created_at", String.valueOf(call.epochSecond()));
  }

  /** Checks every media_id / pic_media_id cited by attachments (pic_url needs no upload). */
  static void checkAttachments(ApiCall call, JsonNode attachments) {
    for (JsonNode a : attachments) {
      for (JsonNode part : a) {
        for (String field : new String[] {"media_id", "pic_media_id"}) {
          JsonNode id = part.get(field);
          if (id != null && !id.isNull()) {
            Long at = call.corp.media.get(id.asString());
            if (at == null || call.epochSecond() > at + VALIDITY) {
              throw new ApiError(40007, field + " " + id.asString());
            }
          }
        }
      }
    }
  }
}
