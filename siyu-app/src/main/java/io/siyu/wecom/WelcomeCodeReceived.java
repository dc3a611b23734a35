package io.siyu.wecom;

import java.time.Instant;

/**
 * An add callback carrying a welcome code was stored, published right away by the callback intake, before the
 * callback is processed (outside any transaction, on the thread that answers WeCom). WeCom accepts the code once within
 * 20 seconds of {@code at}; processing the add (customer, relation, attribution) can lag behind under a burst, the
 * welcome must not. {@link CustomerAdded} follows with the same code once the callback is processed: listeners treat
 * this event as an early copy and must stay idempotent on the welcome code.
 */
public record WelcomeCodeReceived(long corpId, String userid, String externalUserId, String state, String welcomeCode,
		Instant at) {
}
