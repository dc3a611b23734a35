package io.siyu.wecom;

import java.time.Instant;

/** An automatic takeover failed: {@code reason} is {@code customer_refused} or {@code customer_limit_exceed}. */
public record CustomerTransferFailed(long corpId, String userid, String externalUserId, String reason, Instant at) {
}
