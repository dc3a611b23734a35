package io.siyu.organization;

import java.time.Instant;

import io.siyu.shared.Role;

/** An API token as listed: its name and last characters, never the token. */
public record ApiTokenView(long id, String name, String hint, Role role, Long scopeUnitId, Long staffId,
		String createdBy, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

	public boolean active() {
		return revokedAt == null;
	}
}
