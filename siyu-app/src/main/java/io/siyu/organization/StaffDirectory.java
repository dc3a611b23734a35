package io.siyu.organization;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.ConflictException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/** Staff of the current corp within the actor's data scope. */
@Service
public class StaffDirectory {

	private static final String SELECT = "select s.id, s.userid, s.name, s.org_unit_id, u.name as unit_name,"
			+ " s.position, s.persona_id, p.display_name as persona_name, s.status, s.created_at"
			+ " from staff s join org_unit u on u.id = s.org_unit_id left join persona p on p.id = s.persona_id";

	private final TenantJdbc jdbc;

	private final OrgUnits units;

	private final Auditor auditor;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	StaffDirectory(TenantJdbc jdbc, OrgUnits units, Auditor auditor, Clock clock, ApplicationEventPublisher events) {
		this.events = events;
		this.jdbc = jdbc;
		this.units = units;
		this.auditor = auditor;
		this.clock = clock;
	}

	public Page<Staff> list(StaffFilter filter, PageQuery page) {
		Actors.require(Permission.STAFF_READ);
		List<String> conditions = new ArrayList<>();
		if (filter.q() != null && !filter.q().isBlank()) {
			conditions.add("(lower(s.name) like :q or lower(s.userid) like :q)");
		}
		if (filter.unitId() != null) {
			conditions.add("s.org_unit_id in (select x.id from org_unit x join org_unit y on x.path like y.path || '%'"
					+ " where y.id = :unit and y.corp_id = :corp and x.corp_id = :corp)");
		}
		if (filter.status() != null) {
			conditions.add("s.status = :status");
		}
		if (filter.personaId() != null) {
			conditions.add("s.persona_id = :persona");
		}
		String where = " where s.corp_id = :corp and {scope:s.org_unit_id,s.id}"
				+ conditions.stream().map(c -> " and " + c).reduce("", String::concat);
		long total = bind(jdbc.sql("select count(*) from staff s" + where), filter).count();
		List<Staff> items = bind(jdbc.sql(SELECT + where + " order by s.org_unit_id, s.name, s.id"
				+ " limit :limit offset :offset"), filter)
			.param("limit", page.size())
			.param("offset", page.offset())
			.list(StaffDirectory::map);
		return page.with(items, total);
	}

	public Staff get(long id) {
		Actors.require(Permission.STAFF_READ);
		return find(id).orElseThrow(() -> new NotFoundException("Staff " + id + " not found"));
	}

	public Optional<Staff> findByUserid(String userid) {
		Actors.require(Permission.STAFF_READ);
		return jdbc.sql(SELECT + " where s.userid = :userid and s.corp_id = :corp and {scope:s.org_unit_id,s.id}")
			.param("userid", userid)
			.optional(StaffDirectory::map);
	}

	private Optional<Staff> find(long id) {
		return jdbc.sql(SELECT + " where s.id = :id and s.corp_id = :corp and {scope:s.org_unit_id,s.id}")
			.param("id", id)
			.optional(StaffDirectory::map);
	}

	@Transactional
	public Staff create(String userid, String name, long orgUnitId, String position, Long personaId) {
		Actors.require(Permission.STAFF_WRITE);
		if (userid == null || !userid.matches("[A-Za-z0-9_.@\\-]{1,64}")) {
			throw new BadRequestException("error.staff.userid", "userid is 1–64 letters, digits or _ . @ -");
		}
		requireName(name);
		OrgUnit unit = units.get(orgUnitId);
		requirePersona(personaId);
		Instant now = clock.instant();
		long id;
		try {
			id = jdbc.sql("insert into staff (corp_id, userid, name, org_unit_id, position, persona_id, status,"
					+ " created_at, updated_at) values (:corp, :userid, :name, :unit, :position, :persona, 'ACTIVE',"
					+ " :now, :now)")
				.param("userid", userid)
				.param("name", name.trim())
				.param("unit", unit.id())
				.param("position", position)
				.param("persona", personaId)
				.param("now", Timestamps.of(now))
				.insert();
		}
		catch (DuplicateKeyException e) {
			throw new ConflictException("error.staff.taken", "A staff member with userid '" + userid + "' already exists", userid);
		}
		auditor.record("staff.created", "staff", id, "Created " + name.trim() + " (" + userid + ") in " + unit.name());
		return published(get(id));
	}

	@Transactional
	public Staff update(long id, StaffChange change) {
		Actors.require(Permission.STAFF_WRITE);
		Staff staff = get(id);
		if (change.name() != null) {
			requireName(change.name());
		}
		if (change.orgUnitId() != null) {
			units.get(change.orgUnitId());
		}
		requirePersona(change.personaId());
		StaffStatus status = change.status() == null ? staff.status() : change.status();
		Long persona = change.clearPersona() ? null : change.personaId() != null ? change.personaId() : staff.personaId();
		Instant now = clock.instant();
		jdbc.sql("update staff set name = :name, org_unit_id = :unit, position = :position, persona_id = :persona,"
				+ " status = :status, updated_at = :now, resigned_at = :resigned"
				+ " where id = :id and corp_id = :corp and {scope:org_unit_id,id}")
			.param("name", change.name() == null ? staff.name() : change.name().trim())
			.param("unit", change.orgUnitId() == null ? staff.orgUnitId() : change.orgUnitId())
			.param("position", change.position() == null ? staff.position() : change.position())
			.param("persona", persona)
			.param("status", status.name())
			.param("now", Timestamps.of(now))
			.param("resigned", status == StaffStatus.RESIGNED ? Timestamps.of(now) : null)
			.param("id", id)
			.update();
		auditor.record("staff.updated", "staff", id, describe(staff, change));
		return published(get(id));
	}

	private Staff published(Staff staff) {
		events.publishEvent(new StaffChanged(Actors.require().requireCorp(), staff.id(), staff.userid(),
				staff.orgUnitId(), staff.status()));
		return staff;
	}

	/** Staff by WeCom userid (those within the actor's scope); userids Siyu does not know are left out. */
	public java.util.Map<String, StaffPlacement> placements(java.util.Collection<String> userids) {
		java.util.Map<String, StaffPlacement> found = new java.util.HashMap<>();
		if (userids.isEmpty()) {
			return found;
		}
		jdbc.sql("select s.userid, s.id, s.name, s.org_unit_id, s.status from staff s where s.corp_id = :corp"
				+ " and s.userid in (:userids) and {scope:s.org_unit_id,s.id}")
			.param("userids", userids)
			.list((rs, i) -> found.put(rs.getString(1), new StaffPlacement(rs.getString(1), rs.getLong(2),
					rs.getString(3), rs.getLong(4), StaffStatus.valueOf(rs.getString(5)))));
		return found;
	}

	/** Active direct members of a unit (not of its sub-units), within the actor's scope: e.g. to find its manager. */
	public List<Staff> activeMembersOf(long unitId) {
		Actors.require(Permission.STAFF_READ);
		return jdbc.sql(SELECT + " where s.org_unit_id = :unit and s.status = 'ACTIVE' and s.corp_id = :corp"
				+ " and {scope:s.org_unit_id,s.id} order by s.id")
			.param("unit", unitId)
			.list(StaffDirectory::map);
	}

	/** Staff counts per unit (direct members), for the org tree. */
	public java.util.Map<Long, Long> countByUnit() {
		Actors.require(Permission.STAFF_READ);
		java.util.Map<Long, Long> counts = new java.util.HashMap<>();
		jdbc.sql("select s.org_unit_id, count(*) as n from staff s where s.corp_id = :corp and s.status = 'ACTIVE'"
				+ " and {scope:s.org_unit_id,s.id} group by s.org_unit_id")
			.list((rs, i) -> counts.put(rs.getLong(1), rs.getLong(2)));
		return counts;
	}

	private void requirePersona(Long personaId) {
		if (personaId != null && jdbc.sql("select count(*) from persona where id = :id and corp_id = :corp")
			.param("id", personaId)
			.count() == 0) {
			throw new BadRequestException("error.staff.persona", "Persona " + personaId + " does not exist", personaId);
		}
	}

	private static String describe(Staff staff, StaffChange change) {
		StringBuilder s = new StringBuilder(staff.name()).append(" (").append(staff.userid()).append("):");
		if (change.name() != null && !change.name().trim().equals(staff.name())) {
			s.append(" name → ").append(change.name().trim()).append(';');
		}
		if (change.orgUnitId() != null && change.orgUnitId() != staff.orgUnitId()) {
			s.append(" unit → ").append(change.orgUnitId()).append(';');
		}
		if (change.clearPersona() || change.personaId() != null) {
			s.append(" persona → ").append(change.clearPersona() ? "none" : change.personaId()).append(';');
		}
		if (change.status() != null && change.status() != staff.status()) {
			s.append(" status → ").append(change.status()).append(';');
		}
		if (change.position() != null) {
			s.append(" position → ").append(change.position()).append(';');
		}
		return s.toString();
	}

	private static void requireName(String name) {
		if (name == null || name.isBlank() || name.trim().length() > 100) {
			throw new BadRequestException("error.staff.name", "A name is 1–100 characters");
		}
	}

	private static TenantJdbc.Statement bind(TenantJdbc.Statement statement, StaffFilter filter) {
		if (filter.q() != null && !filter.q().isBlank()) {
			statement.param("q", "%" + filter.q().trim().toLowerCase() + "%");
		}
		if (filter.unitId() != null) {
			statement.param("unit", filter.unitId());
		}
		if (filter.status() != null) {
			statement.param("status", filter.status().name());
		}
		if (filter.personaId() != null) {
			statement.param("persona", filter.personaId());
		}
		return statement;
	}

	static Staff map(ResultSet rs, int row) throws SQLException {
		return new Staff(rs.getLong("id"), rs.getString("userid"), rs.getString("name"), rs.getLong("org_unit_id"),
				rs.getString("unit_name"), rs.getString("position"), Timestamps.nullableLong(rs, "persona_id"),
				rs.getString("persona_name"), StaffStatus.valueOf(rs.getString("status")),
				Timestamps.get(rs, "created_at"));
	}
}
