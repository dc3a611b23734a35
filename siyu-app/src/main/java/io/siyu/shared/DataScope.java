package io.siyu.shared;

/**
 * The rows of a corp an actor may see: all of them, those owned within an org subtree, or only their own.
 * Turned into SQL in exactly one place, {@link TenantJdbc}.
 */
public sealed interface DataScope {

	static DataScope wholeCorp() {
		return WholeCorp.INSTANCE;
	}

	static DataScope subtree(long rootUnitId) {
		return new Subtree(rootUnitId);
	}

	/** A guide: rows owned by their staff record; where rows have no owner, their own unit's subtree. */
	static DataScope ownRows(long staffId, long unitId) {
		return new OwnRows(staffId, unitId);
	}

	enum WholeCorp implements DataScope {
		INSTANCE
	}

	record Subtree(long rootUnitId) implements DataScope {
	}

	record OwnRows(long staffId, long unitId) implements DataScope {
	}
}
