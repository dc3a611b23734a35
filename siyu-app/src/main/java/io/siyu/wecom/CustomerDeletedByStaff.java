package io.siyu.wecom;

import java.time.Instant;

/** The member of staff deleted the customer; {@code byTransfer} when WeCom removed it after an on-job transfer. */
public record CustomerDeletedByStaff(long corpId, String userid, String externalUserId, boolean byTransfer, Instant at) {
}
