package io.siyu.organization;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.RuleViolationException;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/** The org tree of the current corp, as far as the current actor may see it. */
@Service
public class OrgUnits {

	static final String COLUMNS = "u.id, u.parent_id, u.name, u.kind, u.path, u.wecom_dept_id, u.sort_order";

	private final TenantJdbc jdbc;

	private final Auditor auditor;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	OrgUnits(TenantJdbc jdbc, Auditor auditor, Clock clock, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.auditor = auditor;
		this.clock = clock;
		this.events = events;
	}

	/** Every visible unit, parents before children. */
	public List<OrgUnit> tree() {
		Actors.require(Permission.ORG_READ);
		return jdbc.sql("select " + COLUMNS + " from org_unit u where u.corp_id = :corp and {scope:u.id,-}"
				+ " order by u.path").list(OrgUnits::map);
	}

	public Page<OrgUnit> list(String q, Long parentId, PageQuery page) {
		Actors.require(Permission.ORG_READ);
		String where = " from org_unit u where u.corp_id = :corp and {scope:u.id,-}"
				+ (parentId != null ? " and u.parent_id = :parent" : "")
				+ (q != null && !q.isBlank() ? " and lower(u.name) like :q" : "");
		long total = bindFilters(jdbc.sql("select count(*)" + where), q, parentId).count();
		List<OrgUnit> items = bindFilters(jdbc.sql("select " + COLUMNS + where + " order by u.path"
				+ " limit :limit offset :offset"), q, parentId)
			.param("limit", page.size())
			.param("offset", page.offset())
			.list(OrgUnits::map);
		return page.with(items, total);
	}

	public OrgUnit get(long id) {
		Actors.require(Permission.ORG_READ);
		return find(id).orElseThrow(() -> new NotFoundException("Org unit " + id + " not found"));
	}

	java.util.Optional<OrgUnit> find(long id) {
		return jdbc.sql("select " + COLUMNS + " from org_unit u where u.id = :id and u.corp_id = :corp"
				+ " and {scope:u.id,-}").param("id", id).optional(OrgUnits::map);
	}

	@Transactional
	public OrgUnit create(Long parentId, String name, OrgUnitKind kind) {
		Actors.require(Permission.ORG_WRITE);
		requireName(name);
		if (parentId == null) {
			boolean hasRoot = jdbc.sql("select count(*) from org_unit u where u.corp_id = :corp and u.parent_id is null"
					+ " and {scope:u.id,-}").count() > 0;
			if (hasRoot) {
				throw new RuleViolationException("error.org.oneRoot", "A corp has exactly one root unit; give a parent");
			}
			return insert(null, "/", name, kind == null ? OrgUnitKind.HQ : kind, null);
		}
		OrgUnit parent = get(parentId);
		return insert(parent.id(), parent.path(), name, kind == null ? OrgUnitKind.DEPARTMENT : kind, null);
	}

	/** Used by WeCom sync and seeding: a unit mirrored from a WeCom department. */
	@Transactional
	public OrgUnit createMirrored(Long parentId, String name, OrgUnitKind kind, Long wecomDeptId) {
		Actors.require(Permission.ORG_WRITE);
		String parentPath = parentId == null ? "/" : get(parentId).path();
		return insert(parentId, parentPath, name, kind, wecomDeptId);
	}

	private OrgUnit insert(Long parentId, String parentPath, String name, OrgUnitKind kind, Long wecomDeptId) {
		long id = jdbc.sql("insert into org_unit (corp_id, parent_id, name, kind, path, wecom_dept_id, sort_order,"
				+ " created_at) values (:corp, :parent, :name, :kind, '/', :dept, 0, :now)")
			.param("parent", parentId)
			.param("name", name.trim())
			.param("kind", kind.name())
			.param("dept", wecomDeptId)
			.param("now", Timestamps.of(clock.instant()))
			.insert();
		jdbc.sql("update org_unit set path = :path where id = :id and corp_id = :corp and {scope:id,-}")
			.param("path", parentPath + id + "/")
			.param("id", id)
			.update();
		auditor.record("org-unit.created", "org-unit", id, "Created " + kind + " '" + name.trim() + "'");
		treeChanged();
		return get(id);
	}

	/** Records which WeCom department a unit mirrors (sync keeps them in step from then on). */
	@Transactional
	public void linkWeComDepartment(long id, Long wecomDeptId) {
		Actors.require(Permission.ORG_WRITE);
		get(id);
		jdbc.sql("update org_unit set wecom_dept_id = :dept where id = :id and corp_id = :corp and {scope:id,-}")
			.param("dept", wecomDeptId)
			.param("id", id)
			.update();
	}

	@Transactional
	public OrgUnit update(long id, String name, Long newParentId, OrgUnitKind kind, Integer sortOrder) {
		Actors.require(Permission.ORG_WRITE);
		OrgUnit unit = get(id);
		StringBuilder summary = new StringBuilder();
		if (name != null && !name.trim().equals(unit.name())) {
			requireName(name);
			summary.append("renamed '").append(unit.name()).append("' → '").append(name.trim()).append("'; ");
		}
		if (newParentId != null && !newParentId.equals(unit.parentId())) {
			move(unit, get(newParentId));
			summary.append("moved under unit ").append(newParentId).append("; ");
		}
		jdbc.sql("update org_unit set name = :name, kind = :kind, sort_order = :sort where id = :id"
				+ " and corp_id = :corp and {scope:id,-}")
			.param("name", name == null ? unit.name() : name.trim())
			.param("kind", (kind == null ? unit.kind() : kind).name())
			.param("sort", sortOrder == null ? unit.sortOrder() : sortOrder)
			.param("id", id)
			.update();
		auditor.record("org-unit.updated", "org-unit", id,
				summary.isEmpty() ? "Updated '" + unit.name() + "'" : summary.toString().trim());
		return get(id);
	}

	private void move(OrgUnit unit, OrgUnit newParent) {
		if (unit.parentId() == null) {
			throw new RuleViolationException("error.org.rootMove", "The root unit cannot be moved");
		}
		if (newParent.path().startsWith(unit.path())) {
			throw new RuleViolationException("error.org.cycle", "A unit cannot be moved under itself or its own descendants");
		}
		String newPath = newParent.path() + unit.id() + "/";
		jdbc.sql("update org_unit set path = :newPath || substr(path, :cut) where corp_id = :corp"
				+ " and path like :oldPrefix and {scope:id,-}")
			.param("newPath", newPath)
			.param("cut", unit.path().length() + 1)
			.param("oldPrefix", unit.path() + "%")
			.update();
		jdbc.sql("update org_unit set parent_id = :parent where id = :id and corp_id = :corp and {scope:id,-}")
			.param("parent", newParent.id())
			.param("id", unit.id())
			.update();
		treeChanged();
	}

	private void treeChanged() {
		events.publishEvent(new OrgUnitsChanged(Actors.require().requireCorp()));
	}

	@Transactional
	public void delete(long id) {
		Actors.require(Permission.ORG_WRITE);
		OrgUnit unit = get(id);
		long children = jdbc.sql("select count(*) from org_unit u where u.parent_id = :id and u.corp_id = :corp"
				+ " and {scope:u.id,-}").param("id", id).count();
		long members = jdbc.sql("select count(*) from staff s where s.org_unit_id = :id and s.corp_id = :corp"
				+ " and {scope:s.org_unit_id,s.id}").param("id", id).count();
		if (unit.parentId() == null || children > 0 || members > 0) {
			throw new RuleViolationException("error.org.delete", "Only an empty unit (no sub-units, no staff) other than the root can be deleted");
		}
		jdbc.sql("delete from org_unit where id = :id and corp_id = :corp and {scope:id,-}").param("id", id).update();
		auditor.record("org-unit.deleted", "org-unit", id, "Deleted '" + unit.name() + "'");
		treeChanged();
	}

	private static TenantJdbc.Statement bindFilters(TenantJdbc.Statement statement, String q, Long parentId) {
		if (parentId != null) {
			statement.param("parent", parentId);
		}
		if (q != null && !q.isBlank()) {
			statement.param("q", "%" + q.trim().toLowerCase() + "%");
		}
		return statement;
	}

	private static void requireName(String name) {
		if (name == null || name.isBlank() || name.trim().length() > 100) {
			throw new BadRequestException("error.org.name", "A unit name is 1–100 characters");
		}
	}

	static OrgUnit map(ResultSet rs, int row) throws SQLException {
		return new OrgUnit(rs.getLong("id"), Timestamps.nullableLong(rs, "parent_id"), rs.getString("name"),
				OrgUnitKind.valueOf(rs.getString("kind")), rs.getString("path"),
				Timestamps.nullableLong(rs, "wecom_dept_id"), rs.getInt("sort_order"));
	}
}
