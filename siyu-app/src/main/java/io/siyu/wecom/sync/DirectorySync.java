package io.siyu.wecom.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.siyu.organization.OrgUnit;
import io.siyu.organization.OrgUnitKind;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.Staff;
import io.siyu.organization.StaffChange;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffFilter;
import io.siyu.organization.StaffStatus;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import me.chanjar.weixin.cp.bean.WxCpDepart;
import me.chanjar.weixin.cp.bean.WxCpUser;

/**
 * Mirrors WeCom's departments into the org tree and its members into staff. Units are matched by WeCom department
 * id; WeCom's root department (1) is the corp's existing root unit. Only real differences are written, so a second
 * pass changes nothing (and audits nothing).
 */
@Component
class DirectorySync {

	static final long ROOT_DEPARTMENT = 1;

	/** WeCom's member status for 已退出 (left the corp); such members may still be listed. */
	private static final int QUIT = 5;

	private final RunCalls wecom;

	private final OrgUnits units;

	private final StaffDirectory staff;

	DirectorySync(RunCalls wecom, OrgUnits units, StaffDirectory staff) {
		this.wecom = wecom;
		this.units = units;
		this.staff = staff;
	}

	void sync(SyncRun run) {
		List<WxCpDepart> departments = wecom.call(run, "department/list",
				s -> s.getDepartmentService().list(null));
		Map<Long, Long> unitByDepartment = mirrorDepartments(departments);
		List<WxCpUser> members = wecom.call(run, "user/list",
				s -> s.getUserService().listByDepartment(ROOT_DEPARTMENT, true, null));
		mirrorMembers(members, unitByDepartment);
		run.items += departments.size() + members.size();
	}

	private Map<Long, Long> mirrorDepartments(List<WxCpDepart> departments) {
		List<OrgUnit> tree = units.tree();
		Map<Long, OrgUnit> byDepartment = new HashMap<>();
		tree.stream().filter(u -> u.wecomDeptId() != null).forEach(u -> byDepartment.put(u.wecomDeptId(), u));
		OrgUnit root = tree.stream().filter(u -> u.parentId() == null).findFirst().orElseThrow();
		Map<Long, Long> unitByDepartment = new HashMap<>();
		unitByDepartment.put(ROOT_DEPARTMENT, root.id());
		for (WxCpDepart department : parentsFirst(departments)) {
			Long parentUnit = unitByDepartment.getOrDefault(department.getParentId(), root.id());
			OrgUnit unit = byDepartment.get(department.getId());
			String name = department.getName();
			int order = department.getOrder() == null ? 0 : (int) Math.min(Integer.MAX_VALUE, department.getOrder());
			if (unit == null) {
				unit = units.createMirrored(parentUnit, name, OrgUnitKind.DEPARTMENT, department.getId());
				if (order != 0) {
					unit = units.update(unit.id(), null, null, null, order);
				}
			}
			else if (!unit.name().equals(name) || !Objects.equals(unit.parentId(), parentUnit) || unit.sortOrder() != order) {
				units.update(unit.id(), name, parentUnit, null, order);
			}
			unitByDepartment.put(department.getId(), unit.id());
		}
		return unitByDepartment;
	}

	/** Departments ordered so that every parent comes before its children, starting under the root. */
	private static List<WxCpDepart> parentsFirst(List<WxCpDepart> departments) {
		Map<Long, List<WxCpDepart>> children = new HashMap<>();
		departments.forEach(d -> children.computeIfAbsent(d.getParentId(), p -> new ArrayList<>()).add(d));
		List<WxCpDepart> ordered = new ArrayList<>();
		Deque<Long> parents = new ArrayDeque<>(List.of(ROOT_DEPARTMENT));
		while (!parents.isEmpty()) {
			for (WxCpDepart child : children.getOrDefault(parents.poll(), List.of())) {
				if (child.getId() != ROOT_DEPARTMENT) {
					ordered.add(child);
					parents.add(child.getId());
				}
			}
		}
		return ordered;
	}

	private void mirrorMembers(List<WxCpUser> members, Map<Long, Long> unitByDepartment) {
		Set<String> present = new HashSet<>();
		for (WxCpUser member : members) {
			if (Integer.valueOf(QUIT).equals(member.getStatus())) {
				continue; // resigned below, like members WeCom no longer lists
			}
			present.add(member.getUserId());
			long unit = unitByDepartment.getOrDefault(mainDepartment(member), unitByDepartment.get(ROOT_DEPARTMENT));
			staff.findByUserid(member.getUserId()).ifPresentOrElse(existing -> {
				if (!existing.name().equals(member.getName()) || existing.orgUnitId() != unit
						|| existing.status() != StaffStatus.ACTIVE
						|| !Objects.equals(existing.position(), blankToNull(member.getPosition()))) {
					staff.update(existing.id(), new StaffChange(member.getName(), unit, blankToNull(member.getPosition()),
							null, false, StaffStatus.ACTIVE));
				}
			}, () -> staff.create(member.getUserId(), member.getName(), unit, blankToNull(member.getPosition()), null));
		}
		for (Staff gone : activeStaffNotIn(present)) {
			staff.update(gone.id(), new StaffChange(null, null, null, null, false, StaffStatus.RESIGNED));
		}
	}

	private List<Staff> activeStaffNotIn(Set<String> present) {
		List<Staff> gone = new ArrayList<>();
		StaffFilter active = new StaffFilter(null, null, StaffStatus.ACTIVE, null);
		Page<Staff> page = staff.list(active, new PageQuery(0, PageQuery.MAX_SIZE));
		for (int p = 1; ; p++) {
			page.items().stream().filter(s -> !present.contains(s.userid())).forEach(gone::add);
			if (!page.hasNext()) {
				return gone;
			}
			page = staff.list(active, new PageQuery(p, PageQuery.MAX_SIZE));
		}
	}

	private static Long mainDepartment(WxCpUser member) {
		if (member.getMainDepartment() != null && !member.getMainDepartment().isBlank()) {
			return Long.valueOf(member.getMainDepartment());
		}
		return member.getDepartIds() == null || member.getDepartIds().length == 0 ? ROOT_DEPARTMENT
				: member.getDepartIds()[0];
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s;
	}
}
