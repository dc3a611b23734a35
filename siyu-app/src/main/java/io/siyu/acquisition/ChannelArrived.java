package io.siyu.acquisition;

import java.time.Instant;
import java.util.List;

/**
 * A customer added a member through a live code (recorded once per add, with the code's tags to apply). Published in
 * the transaction of the callback; listeners run after commit.
 */
public record ChannelArrived(long corpId, long codeId, CodeKind kind, String state, long customerId,
		String externalUserId, String userid, List<Long> tagIds, Instant at) {
}
