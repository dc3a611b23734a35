package io.siyu.organization;

/** A node of the org tree; {@code path} is the chain of ids from the root, e.g. {@code /1/4/17/}. */
public record OrgUnit(long id, Long parentId, String name, OrgUnitKind kind, String path, Long wecomDeptId,
		int sortOrder) {

	public int depth() {
		return (int) path.chars().filter(c -> c == '/').count() - 2;
	}
}
