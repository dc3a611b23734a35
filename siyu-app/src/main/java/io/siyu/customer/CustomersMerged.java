package io.siyu.customer;

/**
 * Two records of the same person were merged: everything of {@code mergedId} now belongs to {@code keptId}; the
 * merged record stays (pointing at the kept one) so old references resolve. Published in the merge's transaction.
 */
public record CustomersMerged(long corpId, long keptId, long mergedId, String reason) {
}
