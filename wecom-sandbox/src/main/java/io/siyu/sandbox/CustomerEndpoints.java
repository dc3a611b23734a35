package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import io.siyu.sandbox.CorpTags.Tag;
import io.siyu.sandbox.Customers.Customer;
import io.siyu.sandbox.Customers.Follow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** 客户联系: get_follow_user_list, list, get, batch/get_by_user, remark (docs 92571, 92113, 92114, 92994, 92115). */
final class CustomerEndpoints {

  static final int FOLLOW_PAGE = 500;

  private CustomerEndpoints() {
  }

  static void register(Map<String, Endpoint> routes) {
    routes.put("/cgi-bin/externalcontact/get_follow_user_list", call -> obj("follow_user",
        call.corp.directory.allStaff().stream().filter(s -> s.customerContact && s.status == 1).map(s -> s.userid).toList()));
    routes.put("/cgi-bin/externalcontact/list", CustomerEndpoints::list);
    routes.put("/cgi-bin/externalcontact/get", CustomerEndpoints::get);
    routes.put("/cgi-bin/externalcontact/batch/get_by_user", CustomerEndpoints::batch);
    routes.put("/cgi-bin/externalcontact/remark", CustomerEndpoints::remark);
    routes.put("/cgi-bin/externalcontact/contact_list", CustomerEndpoints::contactList);
  }

  private static Map<String, Object> list(ApiCall call) {
    String userid = call.requireQuery("userid");
    call.corp.directory.requireStaff(userid);
    List<String> ids = call.corp.customers.followsOf(userid).values().stream().map(f -> f.externalUserId).toList();
    if (ids.isEmpty()) {
      throw new ApiError(84061);
    }
    return obj("external_userid", ids);
  }

  /** follow_user pages by 500 with next_cursor, only when a customer has more than 500 members. */
  private static Map<String, Object> get(ApiCall call) {
    Customer c = requireCustomer(call.corp, call.requireQuery("external_userid"));
    // during the read lag a brand-new relation is not visible yet (84061 right after the add callback)
    long visibleBefore = call.epochSecond() - call.corp.rules.readLag().toSeconds();
    List<Follow> followers = call.corp.customers.followersOf(c.externalUserId).stream()
        .filter(f -> call.corp.rules.readLag().isZero() || f.createtime <= visibleBefore).toList();
    if (followers.isEmpty()) {
      throw new ApiError(84061);
    }
    int from = parseOffset(call.query("cursor"));
    int to = Math.min(followers.size(), from + FOLLOW_PAGE);
    List<Map<String, Object>> page = new ArrayList<>();
    for (Follow f : followers.subList(Math.min(from, to), to)) {
      page.add(followUser(call.corp, f));
    }
    Map<String, Object> out = obj("external_contact", contact(c), "follow_user", page);
    if (to < followers.size()) {
      out.put("next_cursor", encode(String.valueOf(to)));
    }
    return out;
  }

  /**
   * The cursor names the last relation returned (member + relation sequence), not an offset, so a
   * client that stored it can resume after a restart even if relations changed meanwhile.
   */
  private static Map<String, Object> batch(ApiCall call) {
    List<String> users = call.strings("userid_list");
    if (users.isEmpty() || users.size() > 100) {
      throw new ApiError(40058, "userid_list size must be 1..100");
    }
    int limit = call.intOr("limit", 50);
    limit = limit <= 0 ? 50 : Math.min(limit, 100);
    int userIndex = 0;
    long afterSeq = 0;
    String cursor = call.text("cursor");
    if (cursor != null && !cursor.isEmpty()) {
      String[] parts = decode(cursor).split("\\|");
      userIndex = parts.length == 2 ? users.indexOf(parts[0]) : -1;
      if (userIndex < 0) {
        throw new ApiError(40058, "invalid cursor");
      }
      try {
        afterSeq = Long.parseLong(parts[1]);
      } catch (NumberFormatException e) {
        throw new ApiError(40058, "invalid cursor");
      }
    }
    List<Follow> page = new ArrayList<>();
    boolean more = false;
    outer:
    for (int u = userIndex; u < users.size(); u++) {
      Iterator<Follow> it = call.corp.customers.followsOf(users.get(u)).tailMap(u == userIndex ? afterSeq : 0, false)
          .values().iterator();
      while (it.hasNext()) {
        Follow f = it.next();
        if (page.size() == limit) {
          more = true;
          break outer;
        }
        page.add(f);
      }
    }
    List<Map<String, Object>> list = new ArrayList<>();
    for (Follow f : page) {
      list.add(obj("external_contact", contact(call.corp.customers.customer(f.externalUserId)),
          "follow_info", followInfo(f)));
    }
    Follow last = page.isEmpty() ? null : page.get(page.size() - 1);
    return obj("external_contact_list", list, "next_cursor", more ? encode(last.userid + "|" + last.seq) : "");
  }

  /** contact_list (doc 99434): every served relation; the cursor is the last relation sequence. */
  private static Map<String, Object> contactList(ApiCall call) {
    int limit = call.intOr("limit", 1000);
    limit = limit <= 0 ? 1000 : Math.min(limit, 1000);
    String cursor = call.text("cursor");
    long after = 0;
    if (cursor != null && !cursor.isEmpty()) {
      try {
        after = Long.parseLong(decode(cursor));
      } catch (NumberFormatException e) {
        throw new ApiError(40058, "invalid cursor");
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    Follow last = null;
    boolean more = false;
    for (Follow f : call.corp.customers.relationsAfter(after).values()) {
      if (out.size() == limit) {
        more = true;
        break;
      }
      Customer c = call.corp.customers.customer(f.externalUserId);
      out.add(obj("is_customer", true, "tmp_openid", "tmp" + Long.toHexString(f.seq * 2654435761L), "external_userid",
          f.externalUserId, "name", c.name, "follow_userid", f.userid, "add_time", f.createtime));
      last = f;
    }
    return obj("info_list", out, "next_cursor", more ? encode(String.valueOf(last.seq)) : "");
  }

  private static Map<String, Object> remark(ApiCall call) {
    Follow f = call.corp.customers.requireRelation(call.requireText("userid"), call.requireText("external_userid"));
    String remark = call.text("remark");
    String description = call.text("description");
    String company = call.text("remark_company");
    boolean mobiles = call.has("remark_mobiles");
    if (remark == null && description == null && company == null && !mobiles && !call.has("remark_pic_mediaid")) {
      throw new ApiError(40058, "nothing to change");
    }
    checkLength(remark, 20, "remark");
    checkLength(description, 150, "description");
    checkLength(company, 20, "remark_company");
    if (remark != null) {
      f.remark = remark;
    }
    if (description != null) {
      f.description = description;
    }
    if (company != null) {
      f.remarkCorpName = company;
    }
    if (mobiles) {
      f.remarkMobiles = call.strings("remark_mobiles").stream().filter(m -> !m.isEmpty()).toList();
    }
    return obj();
  }

  static Customer requireCustomer(Corp corp, String externalUserId) {
    if (externalUserId == null || !(externalUserId.startsWith("wm") || externalUserId.startsWith("wo"))) {
      throw new ApiError(40096);
    }
    Customer c = corp.customers.customer(externalUserId);
    if (c == null) {
      throw new ApiError(84061);
    }
    return c;
  }

  static Map<String, Object> contact(Customer c) {
    Map<String, Object> m = obj("external_userid", c.externalUserId, "name", c.name,
        "avatar", "http://wx.qlogo.cn/mmhead/" + c.externalUserId + "/0", "type", c.type, "gender", c.gender);
    if (!c.unionid.isEmpty()) {
      m.put("unionid", c.unionid);
    }
    if (c.type == 2) {
      m.put("corp_name", c.corpName);
      m.put("corp_full_name", c.corpName);
    }
    return m;
  }

  private static Map<String, Object> followUser(Corp corp, Follow f) {
    List<Map<String, Object>> tags = new ArrayList<>();
    for (String id : f.tagIds) {
      Tag t = corp.tags.tag(id);
      if (t != null) {
        tags.add(obj("group_name", t.group.name, "tag_name", t.name, "tag_id", t.id, "type", t.group.strategyId == 0 ? 1 : 3));
      }
    }
    Map<String, Object> m = obj("userid", f.userid, "remark", f.remark, "description", f.description,
        "createtime", f.createtime, "tags", tags, "remark_corp_name", f.remarkCorpName,
        "remark_mobiles", f.remarkMobiles, "oper_userid", f.operUserid, "add_way", f.addWay);
    if (!f.state.isEmpty()) {
      m.put("state", f.state);
    }
    return m;
  }

  private static Map<String, Object> followInfo(Follow f) {
    Map<String, Object> m = obj("userid", f.userid, "remark", f.remark, "description", f.description,
        "createtime", f.createtime, "tag_id", new ArrayList<>(f.tagIds), "remark_corp_name", f.remarkCorpName,
        "remark_mobiles", f.remarkMobiles, "oper_userid", f.operUserid, "add_way", f.addWay);
    if (!f.state.isEmpty()) {
      m.put("state", f.state);
    }
    return m;
  }

  static void checkLength(String value, int max, String field) {
    if (value != null && value.codePointCount(0, value.length()) > max) {
      throw new ApiError(40058, field + " longer than " + max);
    }
  }

  static String encode(String raw) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiError(40058, "invalid cursor");
    }
  }

  static int parseOffset(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    try {
      return Integer.parseInt(decode(cursor));
    } catch (NumberFormatException e) {
      throw new ApiError(40058, "invalid cursor");
    }
  }
}
