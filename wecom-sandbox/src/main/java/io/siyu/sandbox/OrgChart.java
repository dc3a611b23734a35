package io.siyu.sandbox;

import java.util.List;

/**
 * A directory to seed instead of the generated one, so a simulated corp can mirror an organisation that already
 * exists elsewhere (the app's demo corp). Department 1 is the root; parents come before children.
 */
public record OrgChart(List<Department> departments, List<Member> staff) {

  public OrgChart {
    departments = List.copyOf(departments);
    staff = List.copyOf(staff);
  }

  public record Department(long id, String name, long parentId) {
  }

  public record Member(String userid, String name, long departmentId, String position) {
  }
}
