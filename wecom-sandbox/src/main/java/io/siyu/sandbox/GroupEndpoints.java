package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import io.siyu.sandbox.Groups.GroupChat;
import io.siyu.sandbox.Groups.JoinWay;
import io.siyu.sandbox.Groups.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** 客户群: groupchat/list, groupchat/get and 「加入群聊」 join ways (docs 92120, 92122, 92229). */
final class GroupEndpoints {

  private GroupEndpoints() {
  }

  static void register(Map<String, Endpoint> routes) {
    routes.put("/cgi-bin/externalcontact/groupchat/list", GroupEndpoints::list);
    routes.put("/cgi-bin/externalcontact/groupchat/get", GroupEndpoints::get);
    routes.put("/cgi-bin/externalcontact/groupchat/add_join_way", call -> {
      Corp corp = call.corp;
      if (corp.contactWays.size() + corp.groups.joinWayCount() >= corp.rules.contactWayCap()) {
        throw new ApiError(45035, "join ways exceed " + corp.rules.contactWayCap());
      }
      JoinWay way = new JoinWay(corp.groups.newJoinWayId());
      applyJoinWay(call, way);
      corp.groups.addJoinWay(way);
      return obj("config_id", way.configId);
    });
    routes.put("/cgi-bin/externalcontact/groupchat/get_join_way", call -> {
      JoinWay w = call.corp.groups.joinWay(call.requireText("config_id"));
      return obj("join_way", obj("config_id", w.configId, "scene", w.scene, "remark", w.remark,
          "auto_create_room", w.autoCreateRoom, "room_base_name", w.roomBaseName, "room_base_id", w.roomBaseId,
          "chat_id_list", w.chatIds, "qr_code", w.qrCode, "state", w.state));
    });
    routes.put("/cgi-bin/externalcontact/groupchat/update_join_way", call -> {
      applyJoinWay(call, call.corp.groups.joinWay(call.requireText("config_id")));
      return obj();
    });
    routes.put("/cgi-bin/externalcontact/groupchat/del_join_way", call -> {
      call.corp.groups.deleteJoinWay(call.requireText("config_id"));
      return obj();
    });
  }

  private static Map<String, Object> list(ApiCall call) {
    if (!call.has("limit")) {
      throw new ApiError(40058, "limit is required");
    }
    int limit = call.intOr("limit", 0);
    if (limit < 1 || limit > 1000) {
      throw new ApiError(40058, "limit must be 1..1000");
    }
    int status = call.intOr("status_filter", 0);
    List<String> owners = Json.strings(call.field("owner_filter").get("userid_list"));
    if (owners.size() > 100) {
      throw new ApiError(40058, "owner_filter.userid_list longer than 100");
    }
    if (owners.isEmpty() && call.corp.directory.allStaff().size() > 1000) {
      throw new ApiError(81017);
    }
    List<GroupChat> matching = new ArrayList<>();
    for (GroupChat chat : call.corp.groups.all()) {
      if ((status == 0 || chat.status == status) && (owners.isEmpty() || owners.contains(chat.owner))) {
        matching.add(chat);
      }
    }
    int from = CustomerEndpoints.parseOffset(call.text("cursor"));
    int to = Math.min(matching.size(), from + limit);
    List<Map<String, Object>> page = new ArrayList<>();
    for (GroupChat chat : matching.subList(Math.min(from, to), to)) {
      page.add(obj("chat_id", chat.chatId, "status", chat.status));
    }
    return obj("group_chat_list", page,
        "next_cursor", to < matching.size() ? CustomerEndpoints.encode(String.valueOf(to)) : "");
  }

  private static Map<String, Object> get(ApiCall call) {
    GroupChat chat = call.corp.groups.get(call.requireText("chat_id"));
    boolean needName = call.intOr("need_name", 0) == 1;
    boolean lagging = call.now.isBefore(chat.staleUntil);
    List<Map<String, Object>> members = new ArrayList<>();
    for (Member m : (lagging ? chat.staleMembers : chat.members).values()) {
      Map<String, Object> row = obj("userid", m.userid, "type", m.type, "join_time", m.joinTime,
          "join_scene", m.joinScene, "invitor", obj("userid", m.invitor), "group_nickname", "");
      if (needName) {
        row.put("name", displayName(call.corp, m));
      }
      if (m.type == 2) {
        Customers.Customer c = call.corp.customers.customer(m.userid);
        if (c != null && !c.unionid.isEmpty()) {
          row.put("unionid", c.unionid);
        }
      }
      if (m.state != null && !m.state.isEmpty()) {
        row.put("state", m.state);
      }
      members.add(row);
    }
    return obj("group_chat", obj("chat_id", chat.chatId, "name", chat.name, "owner", chat.owner,
        "create_time", chat.createTime, "notice", chat.notice, "member_list", members,
        "admin_list", chat.admins.stream().map(a -> obj("userid", a)).toList(),
        "member_version", lagging ? chat.staleVersion : chat.memberVersion));
  }

  private static String displayName(Corp corp, Member m) {
    if (m.type == 1) {
      Directory.Staff s = corp.directory.staff(m.userid);
      return s == null ? m.userid : s.name;
    }
    Customers.Customer c = corp.customers.customer(m.userid);
    return c == null ? m.userid : c.name;
  }

  private static void applyJoinWay(ApiCall call, JoinWay way) {
    int scene = call.intOr("scene", way.scene);
    if (scene != 1 && scene != 2) {
      throw new ApiError(40058, "scene is required");
    }
    List<String> chats = call.strings("chat_id_list");
    if (chats.isEmpty() || chats.size() > 5) {
      throw new ApiError(40058, "chat_id_list must hold 1..5 chats");
    }
    for (String chatId : chats) {
      call.corp.groups.get(chatId);
    }
    String state = call.has("state") ? call.text("state") : way.state;
    if (state.codePointCount(0, state.length()) > call.corp.rules.stateMaxLength()) {
      throw new ApiError(84025);
    }
    String remark = call.has("remark") ? call.text("remark") : way.remark;
    way.remark = remark.codePointCount(0, remark.length()) > 30 ? remark.substring(0, remark.offsetByCodePoints(0, 30)) : remark;
    way.scene = scene;
    way.autoCreateRoom = call.intOr("auto_create_room", way.autoCreateRoom);
    way.roomBaseName = call.has("room_base_name") ? call.text("room_base_name") : way.roomBaseName;
    way.roomBaseId = call.intOr("room_base_id", way.roomBaseId);
    way.chatIds = chats;
    way.state = state;
    way.qrCode = scene == 2 ? "https://wework.qpic.cn/wwpic/join/" + way.configId + "/0" : "";
  }
}
