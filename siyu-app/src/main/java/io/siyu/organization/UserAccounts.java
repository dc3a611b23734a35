package io.siyu.organization;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.ConflictException;
import io.siyu.shared.ForbiddenException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.RuleViolationException;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/** Console users of the current corp, their roles and data scopes. */
@Service
public class UserAccounts {

	private static final String SELECT = "select a.id, a.corp_id, a.username, a.display_name, a.role, a.scope_unit_id,"
			+ " u.name as unit_name, a.staff_id, s.name as staff_name, a.enabled, a.created_at, a.last_login_at"
			+ " from app_user a left join org_unit u on u.id = a.scope_unit_id left join staff s on s.id = a.staff_id";

	private final TenantJdbc jdbc;

	private final OrgUnits units;

	private final StaffDirectory staff;

	private final PasswordEncoder passwords;

	private final Auditor auditor;

	private final Clock clock;

	UserAccounts(TenantJdbc jdbc, OrgUnits units, StaffDirectory staff, PasswordEncoder passwords, Auditor auditor,
			Clock clock) {
		this.jdbc = jdbc;
		this.units = units;
		this.staff = staff;
		this.passwords = passwords;
		this.auditor = auditor;
		this.clock = clock;
	}

	public Page<UserAccount> list(String q, Role role, PageQuery page) {
		Actors.require(Permission.USERS_MANAGE);
		String where = " where a.corp_id = :corp and {unscoped}" + (q != null && !q.isBlank()
				? " and (lower(a.username) like :q or lower(a.display_name) like :q)" : "")
				+ (role != null ? " and a.role = :role" : "");
		long total = bind(jdbc.sql("select count(*) from app_user a" + where), q, role).count();
		List<UserAccount> items = bind(jdbc.sql(SELECT + where + " order by a.username limit :limit offset :offset"),
				q, role)
			.param("limit", page.size())
			.param("offset", page.offset())
			.list(UserAccounts::map);
		return page.with(items, total);
	}

	public UserAccount get(long id) {
		Actors.require(Permission.USERS_MANAGE);
		return jdbc.sql(SELECT + " where a.id = :id and a.corp_id = :corp and {unscoped}")
			.param("id", id)
			.optional(UserAccounts::map)
			.orElseThrow(() -> new NotFoundException("User " + id + " not found"));
	}

	@Transactional
	public UserAccount create(NewUser user) {
		Actor actor = Actors.require(Permission.USERS_MANAGE);
		if (user.username() == null || !user.username().matches("[A-Za-z0-9_.@\\-]{3,64}")) {
			throw new BadRequestException("error.user.username", "A username is 3–64 letters, digits or _ . @ -");
		}
		requireDisplayName(user.displayName());
		requirePassword(user.password());
		requireGrantable(actor, user.role());
		requireScope(user.role(), user.scopeUnitId(), user.staffId());
		long id;
		try {
			id = jdbc.sql("insert into app_user (corp_id, username, display_name, password_hash, role, scope_unit_id,"
					+ " staff_id, enabled, created_at) values (:corp, :username, :name, :hash, :role, :unit, :staff,"
					+ " true, :now)")
				.param("username", user.username())
				.param("name", user.displayName().trim())
				.param("hash", passwords.encode(user.password()))
				.param("role", user.role().name())
				.param("unit", scopeUnitOf(user.role(), user.scopeUnitId()))
				.param("staff", user.role() == Role.GUIDE ? user.staffId() : null)
				.param("now", Timestamps.of(clock.instant()))
				.insert();
		}
		catch (DuplicateKeyException e) {
			throw new ConflictException("error.user.taken", "The username '" + user.username() + "' is taken", user.username());
		}
		auditor.record("user.created", "user", id, "Created user " + user.username() + " as " + user.role());
		return get(id);
	}

	@Transactional
	public UserAccount update(long id, UserChange change) {
		Actor actor = Actors.require(Permission.USERS_MANAGE);
		UserAccount user = get(id);
		Role role = change.role() == null ? user.role() : change.role();
		if (change.role() != null) {
			requireGrantable(actor, role);
		}
		if (!actor.role().mayGrant(user.role())) {
			throw new ForbiddenException("error.user.changeRole", "You may not change a user of role " + user.role(), user.role());
		}
		boolean self = actor.kind() == Actor.Kind.USER && actor.principalId() == id;
		if (self && (role != user.role() || Boolean.FALSE.equals(change.enabled()))) {
			throw new RuleViolationException("error.user.self", "You cannot change your own role or disable yourself");
		}
		Long unit = change.scopeUnitId() != null ? change.scopeUnitId() : user.scopeUnitId();
		Long staffId = change.staffId() != null ? change.staffId() : user.staffId();
		requireScope(role, unit, staffId);
		if (change.displayName() != null) {
			requireDisplayName(change.displayName());
		}
		if (change.password() != null) {
			requirePassword(change.password());
			jdbc.sql("update app_user set password_hash = :hash where id = :id and corp_id = :corp")
				.param("hash", passwords.encode(change.password()))
				.param("id", id)
				.update();
		}
		jdbc.sql("update app_user set display_name = :name, role = :role, scope_unit_id = :unit, staff_id = :staff,"
				+ " enabled = :enabled where id = :id and corp_id = :corp")
			.param("name", change.displayName() == null ? user.displayName() : change.displayName().trim())
			.param("role", role.name())
			.param("unit", scopeUnitOf(role, unit))
			.param("staff", role == Role.GUIDE ? staffId : null)
			.param("enabled", change.enabled() == null ? user.enabled() : change.enabled())
			.param("id", id)
			.update();
		auditor.record("user.updated", "user", id, "Updated user " + user.username() + ": role " + role
				+ (change.enabled() != null ? ", enabled " + change.enabled() : "")
				+ (change.password() != null ? ", password reset" : ""));
		return get(id);
	}

	private void requireScope(Role role, Long scopeUnitId, Long staffId) {
		switch (role) {
			case REGION_MANAGER, STORE_MANAGER -> {
				if (scopeUnitId == null) {
					throw new BadRequestException("error.user.scopeUnit", role + " needs the org unit it manages (scopeUnitId)", role);
				}
				units.get(scopeUnitId);
			}
			case GUIDE -> {
				if (staffId == null) {
					throw new BadRequestException("error.user.staff", "GUIDE needs the staff member they are (staffId)");
				}
				staff.get(staffId);
			}
			default -> {
			}
		}
	}

	private static Long scopeUnitOf(Role role, Long unit) {
		return role == Role.REGION_MANAGER || role == Role.STORE_MANAGER ? unit : null;
	}

	private static void requireGrantable(Actor actor, Role role) {
		if (role == null) {
			throw new BadRequestException("error.user.role", "A user has a role");
		}
		if (role == Role.PLATFORM_ADMIN || !actor.role().mayGrant(role)) {
			throw new ForbiddenException("error.user.grant", "You may not grant the role " + role, role);
		}
	}

	static void requirePassword(String password) {
		if (password == null || password.length() < 8 || password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
			throw new BadRequestException("error.user.password", "A password is at least 8 characters (and at most 72 bytes)");
		}
	}

	private static void requireDisplayName(String name) {
		if (name == null || name.isBlank() || name.trim().length() > 100) {
			throw new BadRequestException("error.user.displayName", "A display name is 1–100 characters");
		}
	}

	private static TenantJdbc.Statement bind(TenantJdbc.Statement statement, String q, Role role) {
		if (q != null && !q.isBlank()) {
			statement.param("q", "%" + q.trim().toLowerCase() + "%");
		}
		if (role != null) {
			statement.param("role", role.name());
		}
		return statement;
	}

	static UserAccount map(ResultSet rs, int row) throws SQLException {
		return new UserAccount(rs.getLong("id"), Timestamps.nullableLong(rs, "corp_id"), rs.getString("username"),
				rs.getString("display_name"), Role.valueOf(rs.getString("role")),
				Timestamps.nullableLong(rs, "scope_unit_id"), rs.getString("unit_name"),
				Timestamps.nullableLong(rs, "staff_id"), rs.getString("staff_name"), rs.getBoolean("enabled"),
				Timestamps.get(rs, "created_at"), Timestamps.get(rs, "last_login_at"));
	}
}
