package io.siyu.organization;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/** The personas (人设) of a corp: brand, expert, founder, sales, assistant. */
@Service
public class Personas {

	private final TenantJdbc jdbc;

	private final Auditor auditor;

	private final Clock clock;

	Personas(TenantJdbc jdbc, Auditor auditor, Clock clock) {
		this.jdbc = jdbc;
		this.auditor = auditor;
		this.clock = clock;
	}

	public List<Persona> list() {
		Actors.require(Permission.STAFF_READ);
		return jdbc.sql("select p.id, p.kind, p.display_name, p.intro, p.avatar_url,"
				+ " (select count(*) from staff s where s.persona_id = p.id and s.corp_id = :corp"
				+ " and {scope:s.org_unit_id,s.id}) as staff_count"
				+ " from persona p where p.corp_id = :corp order by p.kind, p.display_name")
			.list((rs, i) -> new Persona(rs.getLong("id"), PersonaKind.valueOf(rs.getString("kind")),
					rs.getString("display_name"), rs.getString("intro"), rs.getString("avatar_url"),
					rs.getLong("staff_count")));
	}

	public Persona get(long id) {
		return list().stream()
			.filter(p -> p.id() == id)
			.findFirst()
			.orElseThrow(() -> new NotFoundException("Persona " + id + " not found"));
	}

	@Transactional
	public Persona create(PersonaKind kind, String displayName, String intro, String avatarUrl) {
		Actors.require(Permission.ORG_WRITE);
		validate(kind, displayName, intro, avatarUrl);
		long id = jdbc.sql("insert into persona (corp_id, kind, display_name, intro, avatar_url, created_at)"
				+ " values (:corp, :kind, :name, :intro, :avatar, :now)")
			.param("kind", kind.name())
			.param("name", displayName.trim())
			.param("intro", intro)
			.param("avatar", avatarUrl)
			.param("now", Timestamps.of(clock.instant()))
			.insert();
		auditor.record("persona.created", "persona", id, "Created persona " + displayName.trim() + " (" + kind + ")");
		return get(id);
	}

	@Transactional
	public Persona update(long id, PersonaKind kind, String displayName, String intro, String avatarUrl) {
		Actors.require(Permission.ORG_WRITE);
		get(id);
		validate(kind, displayName, intro, avatarUrl);
		jdbc.sql("update persona set kind = :kind, display_name = :name, intro = :intro, avatar_url = :avatar"
				+ " where id = :id and corp_id = :corp")
			.param("kind", kind.name())
			.param("name", displayName.trim())
			.param("intro", intro)
			.param("avatar", avatarUrl)
			.param("id", id)
			.update();
		auditor.record("persona.updated", "persona", id, "Updated persona " + displayName.trim());
		return get(id);
	}

	private static void validate(PersonaKind kind, String displayName, String intro, String avatarUrl) {
		if (kind == null) {
			throw new BadRequestException("error.persona.kind", "A persona has a kind");
		}
		if (displayName == null || displayName.isBlank() || displayName.trim().length() > 50) {
			throw new BadRequestException("error.persona.name", "A persona's display name is 1–50 characters");
		}
		if (intro != null && intro.length() > 500) {
			throw new BadRequestException("error.persona.intro", "A persona's intro is at most 500 characters");
		}
		if (avatarUrl != null && !avatarUrl.isBlank() && !avatarUrl.matches("(https?://|/)\\S{1,490}")) {
			throw new BadRequestException("error.persona.avatar", "An avatar is an http(s) URL or a path");
		}
	}
}
