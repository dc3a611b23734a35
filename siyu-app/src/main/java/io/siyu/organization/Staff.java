package io.siyu.organization;

import java.time.Instant;

/** A member of staff as customers and the console know them. */
public record Staff(long id, String userid, String name, long orgUnitId, String orgUnitName, String position,
		Long personaId, String personaName, StaffStatus status, Instant createdAt) {
}
