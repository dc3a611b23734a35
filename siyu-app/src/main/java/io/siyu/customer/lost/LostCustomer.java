package io.siyu.customer.lost;

import java.time.Instant;

/** One lost-customer alert as the console lists it. */
public record LostCustomer(long id, long customerId, String customerName, String externalUserId, String userid,
		String staffName, String unitName, LostKind kind, Instant at, String notifyStatus, String recipients) {
}
