package io.siyu.organization;

/**
 * A member of staff was created, moved, renamed or changed status. Published synchronously inside the change's
 * transaction, so data owned by staff (customers' follow relations, groups) moves with them atomically.
 */
public record StaffChanged(long corpId, long staffId, String userid, long orgUnitId, StaffStatus status) {
}
