package io.siyu.wecom;

import java.time.Instant;

/** Staff edited a customer's remark, description or corp tags in the WeCom client. */
public record CustomerEdited(long corpId, String userid, String externalUserId, Instant at) {
}
