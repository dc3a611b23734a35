package io.siyu.community;

import java.time.Instant;

/**
 * A customer group as people see it. {@code status}: WeCom's 0 normal, 1 owner resigned, 2 being inherited,
 * 3 inherited. {@code ownerName} when the owner is known staff.
 */
public record GroupView(long id, String chatId, String name, String ownerUserid, Long ownerStaffId, String ownerName,
		String notice, Instant createdAt, int status, boolean dismissed, int members, int customers) {
}
