package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import tools.jackson.databind.JsonNode;

/** POST /sandbox/corps/{corpId}/actions/{action}: one client action per call. */
final class ScenarioActions {

  private ScenarioActions() {
  }

  static Object run(SandboxCorp corp, String action, JsonNode b) {
    ClientActions a = corp.actions();
    String userid = b.path("userid").asString(null);
    String customer = b.path("external_userid").asString(null);
    String chatId = b.path("chat_id").asString(null);
    switch (action) {
      case "customer-scans": {
        ClientActions.Added added = customer == null ? a.customerScans(b.path("contact_way").asString())
            : a.customerScans(b.path("contact_way").asString(), customer);
        return added(added);
      }
      case "customer-opens-link":
        return added(a.customerOpensLink(b.path("link_id").asString(), b.path("customer_channel").asString(""),
            customer == null ? corp.corp().ids.next("wm", 30) : customer));
      case "staff-adds-customer":
        return added(a.staffAddsCustomer(userid, customer));
      case "customer-starts-chat":
        a.customerStartsChat(customer, userid);
        break;
      case "staff-confirms":
        a.staffConfirms(userid, customer);
        break;
      case "customer-deletes-staff":
        a.customerDeletesStaff(customer, userid);
        break;
      case "staff-deletes-customer":
        a.staffDeletesCustomer(userid, customer);
        break;
      case "staff-edits-remark":
        a.staffEditsRemark(userid, customer, b.path("remark").asString(null), b.path("description").asString(null));
        break;
      case "confirm-mass-send":
        a.staffConfirmsMassSend(b.path("msgid").asString(), userid);
        break;
      case "staff-resigns":
        a.staffResigns(userid);
        break;
      case "customer-refuses-transfer":
        a.customerRefusesTransfer(customer);
        break;
      case "settle":
        a.settle();
        break;
      case "group-create":
        return obj("chat_id", a.groups().create(b.path("owner").asString(), b.path("name").asString(),
            Json.strings(b.get("external_userids"))));
      case "customer-scans-join-way":
        return obj("chat_id", a.groups().customerScansJoinWay(b.path("join_way").asString(),
            customer == null ? corp.corp().ids.next("wm", 30) : customer));
      case "group-join":
        a.groups().customerJoins(chatId, customer, b.path("join_scene").asInt(GroupActions.QR_CODE), b.path("state").asString(""));
        break;
      case "group-leave":
        a.groups().customerLeaves(chatId, customer, b.path("removed").asBoolean(false));
        break;
      case "group-rename":
        a.groups().rename(chatId, b.path("name").asString());
        break;
      case "group-notice":
        a.groups().changeNotice(chatId, b.path("notice").asString());
        break;
      case "group-owner":
        a.groups().changeOwner(chatId, userid);
        break;
      case "group-dismiss":
        a.groups().dismiss(chatId);
        break;
      case "tag-create":
        return obj("tag_id", a.tags().create(b.path("group_name").asString(), b.path("tag_name").asString()));
      case "tag-rename":
        a.tags().rename(b.path("id").asString(), b.path("name").asString());
        break;
      case "tag-delete":
        a.tags().delete(b.path("id").asString());
        break;
      case "tag-shuffle":
        a.tags().shuffle(b.path("group_id").asString());
        break;
      default:
        throw new IllegalArgumentException("unknown action " + action);
    }
    return obj("ok", true);
  }

  private static Object added(ClientActions.Added added) {
    return obj("userid", added.userid(), "external_userid", added.externalUserId(), "state", added.state(),
        "welcome_code", added.welcomeCode(), "change_type", added.changeType());
  }
}
