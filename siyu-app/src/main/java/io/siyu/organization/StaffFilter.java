package io.siyu.organization;

/** Filters of the staff list; every field optional. {@code unitId} means the unit and its whole subtree. */
public record StaffFilter(String q, Long unitId, StaffStatus status, Long personaId) {

	public static StaffFilter none() {
		return new StaffFilter(null, null, null, null);
	}
}
