package io.siyu.organization;

/** Levels of the org tree. Any depth is allowed; the kind says what a unit is for reports and codes. */
public enum OrgUnitKind {
	HQ, REGION, STORE, DEPARTMENT
}
