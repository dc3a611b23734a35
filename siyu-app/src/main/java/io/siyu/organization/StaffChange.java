package io.siyu.organization;

/** A change to a staff member; null fields stay as they are. {@code clearPersona} removes the persona. */
public record StaffChange(String name, Long orgUnitId, String position, Long personaId, boolean clearPersona,
		StaffStatus status) {
}
