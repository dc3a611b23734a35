package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import io.siyu.sandbox.Directory.Staff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** message/send, moments (add_moment_task, get_moment_task_result) and OAuth getuserinfo. */
final class MiscEndpoints {

  private MiscEndpoints() {
  }

  static void register(Map<String, Endpoint> routes) {
    routes.put("/cgi-bin/message/send", MiscEndpoints::send);
    routes.put("/cgi-bin/externalcontact/add_moment_task", MiscEndpoints::addMoment);
    routes.put("/cgi-bin/externalcontact/get_moment_task_result", call -> {
      String jobid = call.requireQuery("jobid");
      String momentId = call.corp.momentJobs.get(jobid);
      if (momentId == null) {
        throw new ApiError(40058, "invalid jobid");
      }
      return obj("status", 3, "type", "add_moment_task", "result", obj("errcode", 0, "errmsg", "ok",
          "moment_id", momentId, "invalid_sender_list", obj("user_list", List.of(), "department_list", List.of()),
          "invalid_external_contact_list", obj("tag_list", List.of())));
    });
    routes.put("/cgi-bin/auth/getuserinfo", MiscEndpoints::userinfo);
    routes.put("/cgi-bin/user/getuserinfo", MiscEndpoints::legacyUserinfo);
  }

  private static Map<String, Object> send(ApiCall call) {
    Corp corp = call.corp;
    if (call.intOr("agentid", -1) != corp.spec.agentId()) {
      throw new ApiError(40056, "agentid " + call.text("agentid"));
    }
    String msgtype = call.requireText("msgtype");
    String touser = call.text("touser") == null ? "" : call.text("touser");
    List<String> users = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    if (touser.equals("@all")) {
      corp.directory.allStaff().stream().filter(s -> s.status == 1).forEach(s -> users.add(s.userid));
    } else {
      for (String u : touser.split("\\|")) {
        Staff s = corp.directory.staff(u);
        if (s != null && s.status == 1) {
          users.add(u);
        } else if (!u.isEmpty()) {
          invalid.add(u);
        }
      }
    }
    if (users.isEmpty()) {
      throw new ApiError(81013);
    }
    String content = call.field(msgtype).path("content").asString(call.field(msgtype).toString());
    String msgid = corp.ids.next("", 40);
    corp.appMessages.add(new AppMessage(msgid, users, msgtype, content, call.now));
    return obj("invaliduser", String.join("|", invalid), "invalidparty", "", "invalidtag", "", "unlicenseduser", "",
        "msgid", msgid);
  }

  /** ≤10 creations per minute per corp (doc 95094), counted on the sandbox clock. */
  private static Map<String, Object> addMoment(ApiCall call) {
    Corp corp = call.corp;
    long minute = call.epochSecond() / 60;
    List<Long> recent = corp.momentCreations;
    recent.removeIf(m -> m != minute);
    if (recent.size() >= 10) {
      throw new ApiError(45009, "add_moment_task at most 10 per minute");
    }
    String text = call.field("text").path("content").asString("");
    if (text.isEmpty() && call.field("attachments").size() == 0) {
      throw new ApiError(44004);
    }
    if (text.codePointCount(0, text.length()) > 2000) {
      throw new ApiError(45002);
    }
    recent.add(minute);
    String jobid = corp.ids.next("", 32);
    corp.momentJobs.put(jobid, corp.ids.next("mom", 28));
    return obj("jobid", jobid);
  }

  /** The older path answers with capitalised keys (UserId, DeviceId, OpenId), which WxJava reads. */
  private static Map<String, Object> legacyUserinfo(ApiCall call) {
    Map<String, Object> modern = userinfo(call);
    if (modern.containsKey("userid")) {
      return obj("UserId", modern.get("userid"), "DeviceId", "", "user_ticket", modern.get("user_ticket"),
          "expires_in", modern.get("expires_in"));
    }
    return obj("OpenId", modern.get("openid"), "external_userid", modern.get("external_userid"));
  }

  /** code from /connect/oauth2/authorize: single use, 5 minutes; 40029 otherwise. */
  private static Map<String, Object> userinfo(ApiCall call) {
    String code = call.requireQuery("code");
    OAuthCodes.Issued issued = call.corp.oauthCodes.consume(code, call.now);
    if (issued.userid().startsWith("wm") || issued.userid().startsWith("o")) {
      return obj("openid", issued.userid(), "external_userid", issued.userid());
    }
    return obj("userid", issued.userid(), "user_ticket", call.corp.ids.next("", 64), "expires_in", 1800);
  }
}
