package io.siyu.shared;

import java.util.Objects;

/**
 * Who is acting, for which corp, and what they may see. Built from the authenticated session or token
 * (never from request parameters) and bound for the duration of a request or job by {@link Actors}.
 *
 * @param corpId       the tenant; {@code null} only for a platform administrator outside any corp
 * @param principal    login name, token name or "system"
 * @param kind         user, API token or the system itself
 * @param role         what the actor may do
 * @param scopeUnitId  root of the org subtree the actor may see; {@code null} means the whole corp
 * @param staffId      for a guide: the staff record whose own rows the actor may see
 */
public record Actor(Long corpId, long principalId, String principal, Kind kind, Role role, Long scopeUnitId,
		Long staffId) {

	public Actor {
		Objects.requireNonNull(principal);
		Objects.requireNonNull(kind);
		Objects.requireNonNull(role);
	}

	public static Actor system(long corpId) {
		return new Actor(corpId, 0, "system", Kind.SYSTEM, Role.CORP_ADMIN, null, null);
	}

	public static Actor platform(long userId, String username, Long corpId) {
		return new Actor(corpId, userId, username, Kind.USER, Role.PLATFORM_ADMIN, null, null);
	}

	/**
	 * The system acting on this actor's behalf (whole corp, corp-admin rights) while keeping their name for the record:
	 * for bookkeeping a command needs after the actor's own rights were checked.
	 */
	public Actor onBehalfAsSystem() {
		return new Actor(requireCorp(), principalId, principal, Kind.SYSTEM, Role.CORP_ADMIN, null, null);
	}

	public Actor inCorp(long corp) {
		return new Actor(corp, principalId, principal, kind, role, scopeUnitId, staffId);
	}

	public DataScope scope() {
		if (role == Role.GUIDE) {
			return DataScope.ownRows(staffId == null ? -1 : staffId, scopeUnitId == null ? -1 : scopeUnitId);
		}
		if (role.isCorpWide() || scopeUnitId == null) {
			return DataScope.wholeCorp();
		}
		return DataScope.subtree(scopeUnitId);
	}

	public boolean can(Role.Permission permission) {
		return role.can(permission);
	}

	public long requireCorp() {
		if (corpId == null) {
			throw new NoTenantException();
		}
		return corpId;
	}

	public enum Kind {
		USER, TOKEN, SYSTEM
	}
}
