package io.siyu.customer;

import java.time.Instant;

/** A customer moved to another lifecycle stage (by a rule or by hand). */
public record CustomerStageChanged(long corpId, long customerId, Stage from, Stage to, String reason, Instant at) {
}
