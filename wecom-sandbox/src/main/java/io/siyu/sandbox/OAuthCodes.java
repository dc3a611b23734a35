package io.siyu.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** OAuth codes (网页授权): valid 5 minutes, single use. */
final class OAuthCodes {

  record Issued(String code, String userid, Instant issuedAt) {
  }

  private static final Duration TTL = Duration.ofMinutes(5);
  private final Map<String, Issued> live = new ConcurrentHashMap<>();
  private final Ids ids;

  OAuthCodes(Ids ids) {
    this.ids = ids;
  }

  String issue(String userid, Instant now) {
    Issued issued = new Issued(ids.next("", 43), userid, now);
    live.put(issued.code(), issued);
    return issued.code();
  }

  Issued consume(String code, Instant now) {
    Issued issued = live.remove(code);
    if (issued == null || now.isAfter(issued.issuedAt().plus(TTL))) {
      throw new ApiError(40029);
    }
    return issued;
  }
}
