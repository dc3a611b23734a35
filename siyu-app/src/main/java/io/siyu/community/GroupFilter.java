package io.siyu.community;

/** Filters of the group list: name search, owner, owner's store or region (subtree), dismissed or not. */
public record GroupFilter(String q, Long ownerStaffId, Long unitId, Boolean dismissed) {
}
