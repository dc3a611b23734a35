package io.siyu.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The corp's contacts (通讯录): a department tree and its members. Guarded by the corp lock. */
final class Directory {

  record Department(long id, String name, long parentId, long order) {
  }

  static final class Staff {
    final String userid;
    String name;
    final List<Long> departments;
    String position = "";
    int gender = 1;
    int status = 1;
    boolean customerContact = true;
    long dimissionTime;

    Staff(String userid, String name, List<Long> departments) {
      this.userid = userid;
      this.name = name;
      this.departments = departments;
    }
  }

  private final Map<Long, Department> departments = new LinkedHashMap<>();
  private final Map<String, Staff> staff = new LinkedHashMap<>();

  Directory() {
    departments.put(1L, new Department(1, "总部", 0, 100000000));
  }

  Department addDepartment(long id, String name, long parentId) {
    Department d = new Department(id, name, parentId, 100000000 - id);
    departments.put(id, d);
    return d;
  }

  Staff addStaff(String userid, String name, long departmentId) {
    Staff s = new Staff(userid, name, new ArrayList<>(List.of(departmentId)));
    staff.put(userid, s);
    return s;
  }

  Department department(long id) {
    return departments.get(id);
  }

  Collection<Department> departments() {
    return departments.values();
  }

  /** The department and every department below it, in tree order. */
  List<Department> subtree(long rootId) {
    List<Department> out = new ArrayList<>();
    Department root = departments.get(rootId);
    if (root != null) {
      collect(root, out);
    }
    return out;
  }

  private void collect(Department d, List<Department> out) {
    out.add(d);
    for (Department child : departments.values()) {
      if (child.parentId() == d.id() && child.id() != d.id()) {
        collect(child, out);
      }
    }
  }

  Staff staff(String userid) {
    return staff.get(userid);
  }

  Collection<Staff> allStaff() {
    return staff.values();
  }

  List<Staff> staffIn(long departmentId, boolean fetchChild) {
    List<Long> ids = fetchChild ? subtree(departmentId).stream().map(Department::id).toList() : List.of(departmentId);
    List<Staff> out = new ArrayList<>();
    for (Staff s : staff.values()) {
      if (s.departments.stream().anyMatch(ids::contains)) {
        out.add(s);
      }
    }
    return out;
  }

  Staff requireStaff(String userid) {
    Staff s = userid == null ? null : staff.get(userid);
    if (s == null) {
      throw new ApiError(60111, "userid " + userid);
    }
    return s;
  }
}
