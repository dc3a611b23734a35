package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import io.siyu.sandbox.AcquisitionLinks.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** /cgi-bin/externalcontact/customer_acquisition/... (docs 97297, 97298, 97375). */
final class AcquisitionEndpoints {

  private static final String BASE = "/cgi-bin/externalcontact/customer_acquisition/";

  private AcquisitionEndpoints() {
  }

  static void register(Map<String, Endpoint> routes) {
    routes.put(BASE + "create_link", call -> {
      Link link = new Link("cawcde" + call.corp.ids.hex(18), call.epochSecond());
      apply(call, link);
      if (link.users.isEmpty() && link.departments.isEmpty()) {
        throw new ApiError(40058, "range is empty");
      }
      call.corp.acquisitionLinks.add(link);
      return obj("link", obj("link_id", link.linkId, "link_name", link.name, "url", link.url(),
          "create_time", link.createTime));
    });
    routes.put(BASE + "get", call -> {
      Link l = call.corp.acquisitionLinks.get(call.requireText("link_id"));
      return obj("link", obj("link_name", l.name, "url", l.url(), "create_time", l.createTime, "skip_verify", l.skipVerify),
          "range", obj("user_list", l.users, "department_list", l.departments));
    });
    routes.put(BASE + "list_link", call -> {
      List<String> ids = call.corp.acquisitionLinks.all().stream().map(l -> l.linkId).toList();
      int limit = call.intOr("limit", 100);
      limit = limit <= 0 ? 100 : Math.min(limit, 100);
      int from = Math.min(ids.size(), CustomerEndpoints.parseOffset(call.text("cursor")));
      int to = Math.min(ids.size(), from + limit);
      return obj("link_id_list", ids.subList(from, to),
          "next_cursor", to < ids.size() ? CustomerEndpoints.encode(String.valueOf(to)) : "");
    });
    routes.put(BASE + "update_link", call -> {
      apply(call, call.corp.acquisitionLinks.get(call.requireText("link_id")));
      return obj();
    });
    routes.put(BASE + "delete_link", call -> {
      call.corp.acquisitionLinks.delete(call.requireText("link_id"));
      return obj();
    });
    routes.put(BASE + "customer", call -> MassSendEndpoints.page(call,
        call.corp.acquisitionLinks.get(call.requireText("link_id")).customers, 1000, 1000, "customer_list", row -> row));
    routes.put("/cgi-bin/externalcontact/customer_acquisition_quota", call -> obj("total", AcquisitionLinks.QUOTA,
        "balance", call.corp.acquisitionLinks.balance(), "quota_list", List.of()));
  }

  private static void apply(ApiCall call, Link link) {
    if (call.has("link_name") || link.name == null) {
      String name = call.requireText("link_name");
      CustomerEndpoints.checkLength(name, 30, "link_name");
      link.name = name;
    }
    if (call.has("skip_verify")) {
      link.skipVerify = call.field("skip_verify").asBoolean(true);
    }
    if (call.has("range")) {
      List<String> users = Json.strings(call.field("range").get("user_list"));
      if (users.size() > 500) {
        throw new ApiError(40058, "more than 500 users");
      }
      users.forEach(call.corp.directory::requireStaff);
      List<Long> departments = new ArrayList<>();
      for (JsonNode d : call.field("range").path("department_list")) {
        departments.add(d.asLong());
      }
      link.users = users;
      link.departments = departments;
    }
  }
}
