package io.siyu.handover;

import java.time.Instant;

/** One customer of a transfer. {@code expectedAt}: when WeCom completes a waiting transfer (24 h after the start). */
public record HandoverCustomer(long customerId, String externalUserId, String name, ItemStatus status, Integer errcode,
		Instant startedAt, Instant expectedAt, Instant doneAt) {
}
