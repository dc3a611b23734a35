package io.siyu.wecom;

import java.time.Instant;

/** The customer deleted the member of staff (流失). */
public record CustomerLost(long corpId, String userid, String externalUserId, Instant at) {
}
