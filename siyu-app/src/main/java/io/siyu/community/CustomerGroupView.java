package io.siyu.community;

import java.time.Instant;

/**
 * A group a customer is in, as a member of staff sees it: name, owner, size, and when and how the customer joined
 * ({@code joinScene} 1 invited, 3 by QR code). {@code ownedByMe}: the viewing member owns the group.
 */
public record CustomerGroupView(long id, String chatId, String name, String ownerUserid, String ownerName,
		int members, Instant joinedAt, Integer joinScene, boolean ownedByMe) {
}
