package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import io.siyu.sandbox.Customers.Follow;
import io.siyu.sandbox.MassSends.Message;
import io.siyu.sandbox.MassSends.Recipient;
import io.siyu.sandbox.MassSends.Task;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** add_msg_template and the group-message result APIs (docs 92135, 93338). No callbacks. */
final class MassSendEndpoints {

  private MassSendEndpoints() {
  }

  static void register(Map<String, Endpoint> routes) {
    routes.put("/cgi-bin/externalcontact/add_msg_template", MassSendEndpoints::add);
    routes.put("/cgi-bin/externalcontact/get_groupmsg_list_v2", MassSendEndpoints::list);
    routes.put("/cgi-bin/externalcontact/get_groupmsg_task", call -> {
      Message m = call.corp.massSends.get(call.requireText("msgid"));
      return page(call, new ArrayList<>(m.tasks.values()), 500, 1000, "task_list", (Task t) -> t.status == 2
          ? obj("userid", t.userid, "status", t.status, "send_time", t.sendTime) : obj("userid", t.userid, "status", t.status));
    });
    routes.put("/cgi-bin/externalcontact/get_groupmsg_send_result", call -> {
      Message m = call.corp.massSends.get(call.requireText("msgid"));
      String userid = call.requireText("userid");
      List<Recipient> rows = m.recipients.stream().filter(r -> r.userid.equals(userid))
          .filter(r -> m.chatType.equals("single") || r.status == 1).toList();
      return page(call, rows, 500, 1000, "send_list", MassSendEndpoints::row);
    });
    routes.put("/cgi-bin/externalcontact/remind_groupmsg_send", call -> {
      Message m = call.corp.massSends.get(call.requireText("msgid"));
      long dayAgo = call.epochSecond() - 86_400;
      if (m.reminders.stream().filter(t -> t > dayAgo).count() >= 3) {
        throw new ApiError(45035, "at most 3 reminders per 24 h");
      }
      m.reminders.add(call.epochSecond());
      return obj();
    });
    routes.put("/cgi-bin/externalcontact/cancel_groupmsg_send", call -> {
      call.corp.massSends.get(call.requireText("msgid")).cancelled = true;
      return obj();
    });
  }

  private static Map<String, Object> add(ApiCall call) {
    Corp corp = call.corp;
    String chatType = call.text("chat_type") == null ? "single" : call.text("chat_type");
    String sender = call.text("sender");
    String text = call.field("text").path("content").asString("");
    int attachments = call.field("attachments").size();
    if (text.isEmpty() && attachments == 0) {
      throw new ApiError(44004);
    }
    if (attachments > 9 || text.getBytes(StandardCharsets.UTF_8).length > 4000) {
      throw new ApiError(45002);
    }
    MediaEndpoints.checkAttachments(call, call.field("attachments"));
    Message m = new Message(corp.ids.next("msg", 28), chatType, sender == null ? "" : sender, 0, call.epochSecond(),
        call.has("text") ? Json.MAPPER.convertValue(call.field("text"), Object.class) : null,
        call.has("attachments") ? Json.MAPPER.convertValue(call.field("attachments"), Object.class) : List.of());
    List<String> failed = new ArrayList<>();
    if (chatType.equals("group")) {
      if (sender == null) {
        throw new ApiError(40058, "sender is required for group");
      }
      List<String> chats = call.strings("chat_id_list");
      if (chats.size() > 2000) {
        throw new ApiError(40058, "chat_id_list longer than 2000");
      }
      corp.groups.all().stream().filter(g -> g.owner.equals(sender))
          .filter(g -> chats.isEmpty() || chats.contains(g.chatId))
          .forEach(g -> m.recipients.add(new Recipient(null, g.chatId, sender)));
    } else {
      List<String> ids = call.strings("external_userid");
      if (ids.size() > corp.rules.msgTemplateMaxRecipients()) {
        throw new ApiError(40058, "external_userid longer than " + corp.rules.msgTemplateMaxRecipients());
      }
      if (ids.isEmpty() && sender == null) {
        throw new ApiError(40058, "external_userid and sender are both empty");
      }
      if (ids.isEmpty()) {
        corp.customers.followsOf(sender).values().forEach(f -> m.recipients.add(new Recipient(f.externalUserId, null, sender)));
      }
      for (String id : ids) {
        // WeCom pushes to the member who last interacted; the newest relation stands in for that here.
        Follow pick = corp.customers.followersOf(id).stream().filter(f -> sender == null || f.userid.equals(sender))
            .max(Comparator.comparingLong(f -> f.createtime)).orElse(null);
        if (pick == null) {
          failed.add(id);
        } else {
          m.recipients.add(new Recipient(id, null, pick.userid));
        }
      }
    }
    m.recipients.forEach(r -> m.tasks.computeIfAbsent(r.userid, Task::new));
    corp.massSends.add(m);
    return obj("fail_list", failed, "msgid", m.msgid);
  }

  private static Map<String, Object> list(ApiCall call) {
    String chatType = call.requireText("chat_type");
    long start = call.field("start_time").asLong(0);
    long end = call.field("end_time").asLong(0);
    if (start <= 0 || end <= 0 || end < start || end - start > 31L * 86_400) {
      throw new ApiError(40058, "start_time/end_time must span at most one month");
    }
    int filter = call.intOr("filter_type", 2);
    String creator = call.text("creator");
    List<Message> rows = call.corp.massSends.all().stream().filter(m -> m.chatType.equals(chatType))
        .filter(m -> m.createTime >= start && m.createTime <= end)
        .filter(m -> filter == 2 || m.createType == filter)
        .filter(m -> creator == null || creator.equals(m.creator)).toList();
    return page(call, rows, 50, 100, "group_msg_list", m -> obj("msgid", m.msgid, "creator", m.creator,
        "create_time", m.createTime, "create_type", m.createType, "text", m.text, "attachments", m.attachments));
  }

  private static Map<String, Object> row(Recipient r) {
    Map<String, Object> row = r.chatId != null ? obj("chat_id", r.chatId) : obj("external_userid", r.externalUserId);
    row.put("userid", r.userid);
    row.put("status", r.status);
    if (r.status == 1) {
      row.put("send_time", r.sendTime);
    }
    return row;
  }

  static <T> Map<String, Object> page(ApiCall call, List<T> rows, int defaultLimit, int maxLimit, String field,
      Function<T, Map<String, Object>> view) {
    int limit = call.intOr("limit", defaultLimit);
    limit = limit <= 0 ? defaultLimit : Math.min(limit, maxLimit);
    int from = CustomerEndpoints.parseOffset(call.text("cursor"));
    int to = Math.min(rows.size(), from + limit);
    List<Map<String, Object>> out = new ArrayList<>();
    for (T row : rows.subList(Math.min(from, to), to)) {
      out.add(view.apply(row));
    }
    return obj(field, out, "next_cursor", to < rows.size() ? CustomerEndpoints.encode(String.valueOf(to)) : "");
  }
}
