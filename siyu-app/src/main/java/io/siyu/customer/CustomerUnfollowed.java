package io.siyu.customer;

import java.time.Instant;

/** A follow relation ended: the customer deleted the member (流失), the member deleted the customer, or a transfer. */
public record CustomerUnfollowed(long corpId, long customerId, String externalUserId, String userid, Long staffId,
		EndReason reason, Instant at) {
}
