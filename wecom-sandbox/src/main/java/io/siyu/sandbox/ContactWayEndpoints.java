package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import io.siyu.sandbox.ContactWays.ContactWay;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** 「联系我」 (doc 92572) and send_welcome_msg (doc 92137). */
final class ContactWayEndpoints {

  private static final long DAY = 86_400;

  private ContactWayEndpoints() {
  }

  static void register(Map<String, Endpoint> routes) {
    routes.put("/cgi-bin/externalcontact/add_contact_way", ContactWayEndpoints::add);
    routes.put("/cgi-bin/externalcontact/get_contact_way", call -> obj("contact_way",
        view(call.corp.contactWays.get(call.requireText("config_id")))));
    routes.put("/cgi-bin/externalcontact/list_contact_way", ContactWayEndpoints::list);
    routes.put("/cgi-bin/externalcontact/update_contact_way", call -> {
      ContactWay way = call.corp.contactWays.get(call.requireText("config_id"));
      if (way.temp && call.epochSecond() > way.createTime + way.expiresIn) {
        throw new ApiError(40058, "expired temporary contact way");
      }
      apply(call, way);
      return obj();
    });
    routes.put("/cgi-bin/externalcontact/del_contact_way", call -> {
      call.corp.contactWays.delete(call.requireText("config_id"));
      return obj();
    });
    routes.put("/cgi-bin/externalcontact/send_welcome_msg", ContactWayEndpoints::welcome);
    routes.put("/cgi-bin/externalcontact/close_temp_chat", call -> {
      call.corp.customers.requireRelation(call.requireText("userid"), call.requireText("external_userid"));
      return obj();
    });
  }

  private static Map<String, Object> add(ApiCall call) {
    int type = call.intOr("type", 0);
    int scene = call.intOr("scene", 0);
    if ((type != 1 && type != 2) || (scene != 1 && scene != 2)) {
      throw new ApiError(40058, "type and scene are required");
    }
    Corp corp = call.corp;
    if (corp.contactWays.size() + corp.groups.joinWayCount() >= corp.rules.contactWayCap()) {
      throw new ApiError(45035, "contact ways exceed " + corp.rules.contactWayCap());
    }
    ContactWay way = new ContactWay(corp.ids.hex(32), call.epochSecond());
    way.type = type;
    way.scene = scene;
    way.temp = call.field("is_temp").asBoolean(false);
    way.expiresIn = 7 * DAY;
    apply(call, way);
    if (way.temp && type != 1) {
      throw new ApiError(40058, "a temporary contact way takes a single user");
    }
    if (scene == 2) {
      way.qrCode = "https://wework.qpic.cn/wwpic/" + way.configId + "/0";
    }
    corp.contactWays.add(way, corp.rules.contactWayCap());
    Map<String, Object> out = obj("config_id", way.configId);
    if (scene == 2) {
      out.put("qr_code", way.qrCode);
    }
    return out;
  }

  /** Fields present in the body overwrite the way (update_contact_way overwrites user/party lists). */
  private static void apply(ApiCall call, ContactWay way) {
    Corp corp = call.corp;
    if (call.has("state")) {
      String state = call.text("state");
      if (state.codePointCount(0, state.length()) > corp.rules.stateMaxLength()) {
        throw new ApiError(84025, "state longer than " + corp.rules.stateMaxLength());
      }
      way.state = state;
    }
    if (call.has("remark")) {
      CustomerEndpoints.checkLength(call.text("remark"), 30, "remark");
      way.remark = call.text("remark");
    }
    if (call.has("style")) {
      way.style = call.intOr("style", 0);
    }
    if (call.has("skip_verify")) {
      way.skipVerify = call.field("skip_verify").asBoolean(true);
    }
    if (call.has("user") || call.has("party")) {
      List<String> users = call.strings("user");
      List<Long> parties = new ArrayList<>();
      for (JsonNode p : call.field("party")) {
        parties.add(p.asLong());
      }
      for (String u : users) {
        corp.directory.requireStaff(u);
      }
      if (way.type == 1 && (users.size() != 1 || !parties.isEmpty())) {
        throw new ApiError(40058, "a single contact way needs exactly one user");
      }
      if (users.isEmpty() && parties.isEmpty()) {
        throw new ApiError(40058, "user and party are both empty");
      }
      if (users.size() > 100) {
        throw new ApiError(40058, "more than 100 users");
      }
      way.users = users;
      way.parties = parties;
    } else if (way.users.isEmpty() && way.parties.isEmpty()) {
      throw new ApiError(40058, "user and party are both empty");
    }
    if (call.has("expires_in")) {
      long v = call.field("expires_in").asLong();
      if (v <= 0 || v > 14 * DAY) {
        throw new ApiError(40058, "expires_in out of range");
      }
      way.expiresIn = v;
    }
  }

  private static Map<String, Object> list(ApiCall call) {
    long end = call.has("end_time") ? call.field("end_time").asLong() : call.epochSecond();
    long start = call.has("start_time") ? call.field("start_time").asLong() : call.epochSecond() - 90 * DAY;
    int limit = call.intOr("limit", 100);
    limit = limit <= 0 ? 100 : Math.min(limit, 1000);
    List<ContactWay> ways = call.corp.contactWays.createdBetween(start, end);
    int from = CustomerEndpoints.parseOffset(call.text("cursor"));
    int to = Math.min(ways.size(), from + limit);
    List<Map<String, Object>> page = new ArrayList<>();
    for (ContactWay w : ways.subList(Math.min(from, to), to)) {
      page.add(obj("config_id", w.configId));
    }
    return obj("contact_way", page, "next_cursor", to < ways.size() ? CustomerEndpoints.encode(String.valueOf(to)) : "");
  }

  private static Map<String, Object> view(ContactWay w) {
    return obj("config_id", w.configId, "type", w.type, "scene", w.scene, "style", w.style, "remark", w.remark,
        "skip_verify", w.skipVerify, "state", w.state, "qr_code", w.qrCode, "user", w.users, "party", w.parties,
        "is_temp", w.temp, "expires_in", w.expiresIn, "chat_expires_in", DAY, "unionid", "", "conclusions", obj());
  }

  /** First use within the TTL wins; everything else is 41051, as WeCom answers a late or second call. */
  private static Map<String, Object> welcome(ApiCall call) {
    String code = call.requireText("welcome_code");
    String text = call.field("text").path("content").asString("");
    int attachments = call.field("attachments").size();
    if (text.isEmpty() && attachments == 0) {
      throw new ApiError(44004);
    }
    if (attachments > 9) {
      throw new ApiError(40058, "more than 9 attachments");
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > 4000) {
      throw new ApiError(45002);
    }
    MediaEndpoints.checkAttachments(call, call.field("attachments"));
    WelcomeCodes.Issued issued;
    try {
      issued = call.corp.welcomeCodes.consume(code, call.now, call.corp.rules.welcomeCodeTtl());
    } catch (ApiError refused) {
      call.corp.welcomeRefusals.add(new WelcomeMessage.Refused(code, call.corp.welcomeCodes.wasUsed(code),
          java.time.Instant.now()));
      throw refused;
    }
    call.corp.welcomeMessages.add(new WelcomeMessage(code, issued.userid(), issued.externalUserId(),
        issued.issuedAt(), call.now, text, attachments, issued.issuedWall(), java.time.Instant.now()));
    return obj();
  }
}
