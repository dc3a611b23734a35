package io.siyu.customer;

import java.time.Instant;

/**
 * A customer became (again) the friend of a member of staff. {@code state}: the channel state of the add (the code
 * the customer scanned); {@code firstFollow}: the customer had no relation before. {@code staffId} null when the
 * member is not yet known to Siyu. {@code newCustomer}: this add created the customer's record, so it holds nothing
 * yet (no tags, no history; false when not known). Published for adds WeCom reported by callback (directly or through
 * the re-read that follows it), not for relations a full sync finds.
 */
public record CustomerFollowed(long corpId, long customerId, String externalUserId, String userid, Long staffId,
		String state, boolean firstFollow, boolean newCustomer, Instant at) {
}
