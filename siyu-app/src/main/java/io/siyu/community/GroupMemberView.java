package io.siyu.community;

import java.time.Instant;

/**
 * A member of a group: staff ({@code type} 1, memberId = userid) or customer (2, memberId = external_userid,
 * customerId when Siyu knows them). {@code joinScene}: 1 invited, 2 invite link, 3 QR code.
 */
public record GroupMemberView(String memberId, int type, Long customerId, String name, Instant joinedAt,
		Integer joinScene, String invitor, String state) {
}
