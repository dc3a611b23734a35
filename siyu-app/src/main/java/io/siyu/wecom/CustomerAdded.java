package io.siyu.wecom;

import java.time.Instant;

/**
 * A customer added a member of staff (or was added by one). {@code half}: the customer added a skip-verify member who
 * has not confirmed yet. {@code welcomeCode} is usable once, within 20 seconds of {@code at}.
 */
public record CustomerAdded(long corpId, String userid, String externalUserId, String state, String welcomeCode,
		boolean half, Instant at) {
}
