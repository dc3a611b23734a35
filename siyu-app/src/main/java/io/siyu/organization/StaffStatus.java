package io.siyu.organization;

public enum StaffStatus {
	ACTIVE, RESIGNED
}
