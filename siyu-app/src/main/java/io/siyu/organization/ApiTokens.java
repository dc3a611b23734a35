package io.siyu.organization;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.ForbiddenException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/** Bearer tokens of the REST API: one corp each, with a role and data scope like a console user. */
@Service
public class ApiTokens {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private final TenantJdbc jdbc;

	private final JdbcClient platform;

	private final OrgUnits units;

	private final StaffDirectory staff;

	private final Auditor auditor;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	ApiTokens(TenantJdbc jdbc, JdbcClient platform, OrgUnits units, StaffDirectory staff, Auditor auditor, Clock clock) {
		this.jdbc = jdbc;
		this.platform = platform;
		this.units = units;
		this.staff = staff;
		this.auditor = auditor;
		this.clock = clock;
	}

	public List<ApiTokenView> list() {
		Actors.require(Permission.TOKENS_MANAGE);
		return jdbc.sql("select id, name, token_hint, role, scope_unit_id, staff_id, created_by, created_at,"
				+ " last_used_at, revoked_at from api_token where corp_id = :corp order by created_at desc")
			.list((rs, i) -> new ApiTokenView(rs.getLong("id"), rs.getString("name"), rs.getString("token_hint"),
					Role.valueOf(rs.getString("role")), Timestamps.nullableLong(rs, "scope_unit_id"),
					Timestamps.nullableLong(rs, "staff_id"), rs.getString("created_by"),
					Timestamps.get(rs, "created_at"), Timestamps.get(rs, "last_used_at"),
					Timestamps.get(rs, "revoked_at")));
	}

	@Transactional
	public IssuedToken issue(String name, Role role, Long scopeUnitId, Long staffId) {
		Actor actor = Actors.require(Permission.TOKENS_MANAGE);
		if (name == null || name.isBlank() || name.length() > 100) {
			throw new BadRequestException("error.token.name", "A token name is 1–100 characters");
		}
		if (role == null || role == Role.PLATFORM_ADMIN || !actor.role().mayGrant(role)) {
			throw new ForbiddenException("error.token.role", "You may not issue a token with role " + role, role);
		}
		if ((role == Role.REGION_MANAGER || role == Role.STORE_MANAGER)) {
			if (scopeUnitId == null) {
				throw new BadRequestException("error.token.unit", role + " tokens need an org unit", role);
			}
			units.get(scopeUnitId);
		}
		if (role == Role.GUIDE) {
			if (staffId == null) {
				throw new BadRequestException("error.token.staff", "GUIDE tokens need a staff member");
			}
			staff.get(staffId);
		}
		return store(name.trim(), role, scopeUnitId, staffId, generate(), actor.principal());
	}

	/** {@code SIYU_BOOTSTRAP_TOKEN}: a full-rights token of the current corp with a value chosen by the operator. */
	@Transactional
	public IssuedToken issueBootstrap(String token) {
		Actor actor = Actors.require();
		if (token.length() < 16) {
			throw new BadRequestException("SIYU_BOOTSTRAP_TOKEN must be at least 16 characters");
		}
		if (platform.sql("select count(*) from api_token where token_hash = ?").param(hash(token)).query(Long.class).single() > 0) {
			return new IssuedToken(-1, token);
		}
		return store("bootstrap", Role.CORP_ADMIN, null, null, token, actor.principal());
	}

	@Transactional
	public void revoke(long id) {
		Actors.require(Permission.TOKENS_MANAGE);
		int n = jdbc.sql("update api_token set revoked_at = :now where id = :id and corp_id = :corp"
				+ " and revoked_at is null")
			.param("now", Timestamps.of(clock.instant()))
			.param("id", id)
			.update();
		if (n == 0) {
			throw new NotFoundException("Active token " + id + " not found");
		}
		auditor.record("api-token.revoked", "api-token", id, "Revoked API token " + id);
	}

	/** The actor a bearer token stands for; empty for unknown or revoked tokens. */
	public Optional<Actor> authenticate(String token) {
		if (token == null || token.length() < 16 || token.length() > 200) {
			return Optional.empty();
		}
		Optional<Actor> actor = platform.sql("select t.id, t.corp_id, t.name, t.role, t.scope_unit_id, t.staff_id,"
				+ " s.org_unit_id as staff_unit, t.last_used_at from api_token t join corp c on c.id = t.corp_id"
				+ " left join staff s on s.id = t.staff_id"
				+ " where t.token_hash = ? and t.revoked_at is null and c.active = true")
			.param(hash(token))
			.query((rs, i) -> {
				Role role = Role.valueOf(rs.getString("role"));
				Long unit = role == Role.GUIDE ? Timestamps.nullableLong(rs, "staff_unit")
						: Timestamps.nullableLong(rs, "scope_unit_id");
				touch(rs.getLong("id"), Timestamps.get(rs, "last_used_at"));
				return new Actor(rs.getLong("corp_id"), rs.getLong("id"), "token:" + rs.getString("name"),
						Actor.Kind.TOKEN, role, unit, Timestamps.nullableLong(rs, "staff_id"));
			})
			.optional();
		return actor;
	}

	private void touch(long id, Instant lastUsed) {
		Instant now = clock.instant();
		if (lastUsed == null || lastUsed.isBefore(now.minus(Duration.ofMinutes(1)))) {
			platform.sql("update api_token set last_used_at = ? where id = ?").params(Timestamps.of(now), id).update();
		}
	}

	private IssuedToken store(String name, Role role, Long unit, Long staffId, String token, String createdBy) {
		long id = jdbc.sql("insert into api_token (corp_id, name, token_hash, token_hint, role, scope_unit_id, staff_id,"
				+ " created_by, created_at) values (:corp, :name, :hash, :hint, :role, :unit, :staff, :by, :now)")
			.param("name", name)
			.param("hash", hash(token))
			.param("hint", "…" + token.substring(token.length() - 4))
			.param("role", role.name())
			.param("unit", unit)
			.param("staff", staffId)
			.param("by", createdBy)
			.param("now", Timestamps.of(clock.instant()))
			.insert();
		auditor.record("api-token.issued", "api-token", id, "Issued API token '" + name + "' with role " + role);
		return new IssuedToken(id, token);
	}

	private String generate() {
		StringBuilder token = new StringBuilder("sy_");
		for (int i = 0; i < 40; i++) {
			token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return token.toString();
	}

	static String hash(String token) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
