package io.siyu.tagging;

import java.time.Instant;

/**
 * One customer of a bulk tag job: PENDING, DONE, FAILED (with WeCom's errcode and reason) or CANCELLED; {@code held}:
 * nobody follows the customer, the tags wait in Siyu.
 */
public record TagJobItemView(long customerId, String status, int attempts, Integer errcode, String error, boolean held,
		Instant doneAt) {
}
