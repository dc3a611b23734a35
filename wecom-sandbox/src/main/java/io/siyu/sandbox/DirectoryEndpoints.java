package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import io.siyu.sandbox.Directory.Department;
import io.siyu.sandbox.Directory.Staff;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** 通讯录: department/list, user/list, user/get, user/simplelist (doc section 1.11). */
final class DirectoryEndpoints {

  private DirectoryEndpoints() {
  }

  static void register(Map<String, Endpoint> routes) {
    routes.put("/cgi-bin/department/list", DirectoryEndpoints::departments);
    routes.put("/cgi-bin/department/simplelist", DirectoryEndpoints::departmentIds);
    routes.put("/cgi-bin/department/get", call -> {
      Department d = call.corp.directory.department(parseId(call.requireQuery("id")));
      if (d == null) {
        throw new ApiError(60123);
      }
      return obj("department", obj("id", d.id(), "name", d.name(), "parentid", d.parentId(), "order", d.order(),
          "department_leader", List.of()));
    });
    routes.put("/cgi-bin/user/list_id", DirectoryEndpoints::listIds);
    routes.put("/cgi-bin/user/list", call -> obj("userlist", staffIn(call).stream().map(DirectoryEndpoints::detail).toList()));
    routes.put("/cgi-bin/user/simplelist", call -> obj("userlist", staffIn(call).stream()
        .map(s -> obj("userid", s.userid, "name", s.name, "department", s.departments)).toList()));
    routes.put("/cgi-bin/user/get", call -> {
      Staff s = call.corp.directory.requireStaff(call.requireQuery("userid"));
      if (s.status == 5) {
        throw new ApiError(60111, "userid " + s.userid);
      }
      return detail(s);
    });
  }

  /** user/list_id (doc 96067): one row per member and department, limit 1..10000, cursor paging. */
  private static Map<String, Object> listIds(ApiCall call) {
    int limit = call.intOr("limit", 1000);
    if (limit < 1 || limit > 10_000) {
      throw new ApiError(40058, "limit must be 1..10000");
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Staff s : call.corp.directory.allStaff()) {
      if (s.status != 5) {
        s.departments.forEach(d -> rows.add(obj("userid", s.userid, "department", d)));
      }
    }
    int from = Math.min(rows.size(), CustomerEndpoints.parseOffset(call.text("cursor")));
    int to = Math.min(rows.size(), from + limit);
    return obj("dept_user", rows.subList(from, to),
        "next_cursor", to < rows.size() ? CustomerEndpoints.encode(String.valueOf(to)) : "");
  }

  private static Map<String, Object> departments(ApiCall call) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Department d : departmentsOf(call)) {
      out.add(obj("id", d.id(), "name", d.name(), "parentid", d.parentId(), "order", d.order(),
          "department_leader", List.of()));
    }
    return obj("department", out);
  }

  private static Map<String, Object> departmentIds(ApiCall call) {
    return obj("department_id", departmentsOf(call).stream()
        .map(d -> obj("id", d.id(), "parentid", d.parentId(), "order", d.order())).toList());
  }

  private static Collection<Department> departmentsOf(ApiCall call) {
    String id = call.query("id");
    if (id == null || id.isEmpty()) {
      return call.corp.directory.departments();
    }
    List<Department> subtree = call.corp.directory.subtree(parseId(id));
    if (subtree.isEmpty()) {
      throw new ApiError(60123);
    }
    return subtree;
  }

  private static List<Staff> staffIn(ApiCall call) {
    String dept = call.query("department_id");
    long id = dept == null || dept.isEmpty() ? 1 : parseId(dept);
    if (call.corp.directory.department(id) == null) {
      throw new ApiError(60123);
    }
    // members who left (status 5) are gone from the contacts; only the inheritance APIs still know them
    return call.corp.directory.staffIn(id, "1".equals(call.query("fetch_child"))).stream()
        .filter(s -> s.status != 5).toList();
  }

  /** Apps created after 2022-06-20 get no mobile/email/avatar, so none are returned. */
  static Map<String, Object> detail(Staff s) {
    return obj("userid", s.userid, "name", s.name, "department", s.departments,
        "order", s.departments.stream().map(d -> 0).toList(), "position", s.position, "gender", String.valueOf(s.gender),
        "status", s.status, "isleader", 0, "is_leader_in_dept", s.departments.stream().map(d -> 0).toList(),
        "main_department", s.departments.get(0), "enable", 1, "direct_leader", List.of());
  }

  private static long parseId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new ApiError(60123);
    }
  }
}
