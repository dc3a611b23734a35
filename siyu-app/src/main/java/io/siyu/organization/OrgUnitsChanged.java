package io.siyu.organization;

/**
 * The corp's org tree changed: a unit was created, moved (with its subtree) or deleted. Published inside the change's
 * transaction; read models that resolve units to their subtrees (the segment index's data scopes and unit conditions)
 * re-read the tree after it commits.
 */
public record OrgUnitsChanged(long corpId) {
}
