package io.siyu.organization;

import java.time.Instant;

import io.siyu.shared.Role;

/** A console user as shown to administrators; never carries the password hash. */
public record UserAccount(long id, Long corpId, String username, String displayName, Role role, Long scopeUnitId,
		String scopeUnitName, Long staffId, String staffName, boolean enabled, Instant createdAt, Instant lastLoginAt) {
}
