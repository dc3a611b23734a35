package io.siyu.organization;

/** Where a member of staff (by WeCom userid) sits: their staff id, name and org unit. */
public record StaffPlacement(String userid, long staffId, String name, long orgUnitId, StaffStatus status) {
}
