package io.siyu.customer;

import java.time.Instant;

/**
 * A customer became (again) the friend of a member of staff. {@code state}: the channel state of the add (the code
 * the customer scanned); {@code firstFollow}: the customer had no relation before. {@code staffId} null when the
 * member is not yet known to Siyu.
 */
public record CustomerFollowed(long corpId, long customerId, String externalUserId, String userid, Long staffId,
		String state, boolean firstFollow, Instant at) {
}
