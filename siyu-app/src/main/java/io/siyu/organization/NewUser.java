package io.siyu.organization;

import io.siyu.shared.Role;

public record NewUser(String username, String displayName, String password, Role role, Long scopeUnitId,
		Long staffId) {

	@Override
	public String toString() {
		return "NewUser[" + username + ", " + role + "]";
	}
}
