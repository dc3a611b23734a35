package io.siyu.customer;

import java.time.Instant;

/**
 * One event on a customer's timeline. {@code kind} says what happened (see {@link TimelineKinds}), {@code userid} which
 * member of staff was involved, {@code ref} what it was about (a channel state, tag, group, link, order …),
 * {@code amount} a money value in cents when there is one, {@code actor} who did it in Siyu (or "wecom").
 */
public record TimelineEntry(long id, long customerId, String kind, Instant at, String userid, String ref, Long amount,
		String detail, String actor) {
}
