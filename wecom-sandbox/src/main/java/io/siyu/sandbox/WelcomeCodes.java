package io.siyu.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** welcome_code: issued with an add event, usable once within its TTL (doc 92137). */
final class WelcomeCodes {

  record Issued(String code, String userid, String externalUserId, Instant issuedAt, Instant issuedWall) {
  }

  private final Map<String, Issued> live = new ConcurrentHashMap<>();
  private final java.util.Set<String> used = ConcurrentHashMap.newKeySet();
  private final Ids ids;

  WelcomeCodes(Ids ids) {
    this.ids = ids;
  }

  Issued issue(String userid, String externalUserId, Instant now) {
    Issued issued = new Issued(ids.next("", 43), userid, externalUserId, now, Instant.now());
    live.put(issued.code(), issued);
    return issued;
  }

  /** Once the customer and the member have chatted, WeCom refuses the welcome message (41051). */
  void revokeFor(String userid, String externalUserId) {
    live.values().removeIf(i -> i.userid().equals(userid) && i.externalUserId().equals(externalUserId));
  }

  /** Whether the code was accepted once already (a second send_welcome_msg is refused). */
  boolean wasUsed(String code) {
    return code != null && used.contains(code);
  }

  /** Consumes the code; 41051 if it was used, expired or never issued. */
  Issued consume(String code, Instant now, Duration ttl) {
    Issued issued = code == null ? null : live.remove(code);
    if (issued == null || now.isAfter(issued.issuedAt().plus(ttl))) {
      throw new ApiError(41051);
    }
    used.add(code);
    return issued;
  }
}
