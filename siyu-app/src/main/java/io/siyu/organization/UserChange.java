package io.siyu.organization;

import io.siyu.shared.Role;

/** A change to a console user; null fields stay as they are. */
public record UserChange(String displayName, Role role, Long scopeUnitId, Long staffId, Boolean enabled,
		String password) {
}
