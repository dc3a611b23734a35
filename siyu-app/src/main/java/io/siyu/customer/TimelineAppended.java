package io.siyu.customer;

import java.time.Instant;

/**
 * Another module recorded a customer's behaviour on the timeline through {@link Timeline#append} (a group joined, a
 * link clicked, a purchase, points, a level …): rules elsewhere (auto-tags, segments) react to it after commit.
 */
public record TimelineAppended(long corpId, long customerId, String kind, Instant at, String userid, String ref,
		Long amount, String detail) {
}
