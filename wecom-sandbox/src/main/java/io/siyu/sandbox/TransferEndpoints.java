package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import io.siyu.sandbox.Directory.Staff;
import io.siyu.sandbox.Groups.GroupChat;
import io.siyu.sandbox.Transfers.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Customer and group inheritance (docs 92125, 94088, 94081, 94082, 92124, 92127, 95703). */
final class TransferEndpoints {

  private TransferEndpoints() {
  }

  static void register(Map<String, Endpoint> routes) {
    routes.put("/cgi-bin/externalcontact/transfer_customer", call -> transfer(call, false));
    routes.put("/cgi-bin/externalcontact/resigned/transfer_customer", call -> transfer(call, true));
    routes.put("/cgi-bin/externalcontact/transfer_result", call -> result(call, false));
    routes.put("/cgi-bin/externalcontact/resigned/transfer_result", call -> result(call, true));
    routes.put("/cgi-bin/externalcontact/get_unassigned_list", TransferEndpoints::unassigned);
    routes.put("/cgi-bin/externalcontact/groupchat/transfer", call -> groups(call, true));
    routes.put("/cgi-bin/externalcontact/groupchat/onjob_transfer", call -> groups(call, false));
  }

  private static Map<String, Object> transfer(ApiCall call, boolean resigned) {
    Corp corp = call.corp;
    Staff handover = corp.directory.requireStaff(call.requireText("handover_userid"));
    Staff takeover = corp.directory.requireStaff(call.requireText("takeover_userid"));
    if (resigned != (handover.status == 5) || takeover.status != 1) {
      throw new ApiError(40058, resigned ? "handover member has not resigned" : "handover member has resigned");
    }
    List<String> ids = call.strings("external_userid");
    if (ids.isEmpty() || ids.size() > 100) {
      throw new ApiError(40058, "external_userid must hold 1..100 ids");
    }
    CustomerEndpoints.checkLength(call.text("transfer_success_msg"), 200, "transfer_success_msg");
    List<Map<String, Object>> out = new ArrayList<>();
    for (String id : ids) {
      out.add(obj("external_userid", id,
          "errcode", corp.transfers.start(corp, handover.userid, takeover.userid, id, resigned, call.epochSecond())));
    }
    return obj("customer", out);
  }

  private static Map<String, Object> result(ApiCall call, boolean resigned) {
    List<Transfer> rows = call.corp.transfers.between(call.requireText("handover_userid"),
        call.requireText("takeover_userid"), resigned);
    return MassSendEndpoints.page(call, rows, 1000, 1000, "customer", t -> t.status == 1
        ? obj("external_userid", t.externalUserId, "status", t.status, "takeover_time", t.takeoverTime)
        : obj("external_userid", t.externalUserId, "status", t.status));
  }

  private static Map<String, Object> unassigned(ApiCall call) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Staff s : call.corp.directory.allStaff()) {
      if (s.status == 5) {
        for (Customers.Follow f : call.corp.customers.followsOf(s.userid).values()) {
          if (!call.corp.transfers.isPending(s.userid, f.externalUserId)) {
            rows.add(obj("handover_userid", s.userid, "external_userid", f.externalUserId, "dimission_time", s.dimissionTime));
          }
        }
      }
    }
    int size = call.intOr("page_size", 1000);
    size = size <= 0 ? 1000 : Math.min(size, 1000);
    int from = CustomerEndpoints.parseOffset(call.text("cursor"));
    int to = Math.min(rows.size(), from + size);
    return obj("info", rows.subList(Math.min(from, to), to), "is_last", to >= rows.size(),
        "next_cursor", to < rows.size() ? CustomerEndpoints.encode(String.valueOf(to)) : "");
  }

  /** Resigned transfer needs a resigned owner (90500); on-job transfer ≤2 per group per 90 days. */
  private static Map<String, Object> groups(ApiCall call, boolean resigned) {
    Corp corp = call.corp;
    List<String> chats = call.strings("chat_id_list");
    if (chats.isEmpty() || chats.size() > 100) {
      throw new ApiError(40058, "chat_id_list must hold 1..100 chats");
    }
    Staff newOwner = corp.directory.requireStaff(call.requireText("new_owner"));
    List<Map<String, Object>> failed = new ArrayList<>();
    for (String chatId : chats) {
      GroupChat chat = corp.groups.find(chatId);
      Staff owner = chat == null ? null : corp.directory.staff(chat.owner);
      int code = chat == null ? 40050
          : resigned && (owner == null || owner.status != 5) ? 90500
          : !resigned && owner != null && owner.status == 5 ? 40058
          : !resigned && !corp.transfers.allowGroupTransfer(chatId, chat.owner, call.epochSecond()) ? 45035 : 0;
      if (code != 0) {
        failed.add(obj("chat_id", chatId, "errcode", code, "errmsg", ErrorCodes.message(code)));
        continue;
      }
      chat.owner = newOwner.userid;
      chat.members.putIfAbsent(newOwner.userid, new Groups.Member(newOwner.userid, 1, call.epochSecond(), 1,
          newOwner.userid, ""));
      chat.status = resigned ? 3 : chat.status;
    }
    return obj("failed_chat_list", failed);
  }
}
