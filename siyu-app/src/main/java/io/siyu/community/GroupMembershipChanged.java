package io.siyu.community;

import java.time.Instant;
import java.util.List;

/**
 * Customers joined or left a group (as applied: duplicates and stale events excluded). {@code customerIds}: those
 * Siyu knows; {@code joinScene} for joins (1 invited, 2 invite link, 3 QR code), {@code state} of a join way when known.
 */
public record GroupMembershipChanged(long corpId, long groupId, String chatId, boolean joined, List<Long> customerIds,
		Integer joinScene, Instant at) {

	public GroupMembershipChanged {
		customerIds = List.copyOf(customerIds);
	}
}
