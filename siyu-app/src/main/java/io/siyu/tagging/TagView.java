package io.siyu.tagging;

import java.time.Instant;

/**
 * A corp tag. {@code syncState}: SYNCED (WeCom has it as shown), PENDING (a change made in Siyu is on its way to
 * WeCom), FAILED (WeCom refused the change; {@code lastError} says why).
 */
public record TagView(long id, long groupId, String name, long order, String wecomId, String syncState,
		String lastError, Instant changedAt, boolean deleted) {
}
