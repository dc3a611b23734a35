package io.siyu.sandbox;

import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/** access_tokens: one live token per (corp, secret); repeated gettoken within validity returns it. */
final class Tokens {

  record Issued(String token, String corpId, Instant expiresAt, boolean revoked) {
    long expiresIn(Instant now) {
      return Math.max(0, expiresAt.getEpochSecond() - now.getEpochSecond());
    }
  }

  private final Map<String, Issued> byToken = new ConcurrentHashMap<>();
  private final Map<String, Issued> liveByCorp = new ConcurrentHashMap<>();
  private final Random random;

  Tokens(long seed) {
    this.random = new Random(seed ^ 0x70CE5L);
  }

  /** Returns the live token of the corp, or a fresh one. */
  synchronized Issued issue(String corpId, Instant now, java.time.Duration ttl) {
    Issued live = liveByCorp.get(corpId);
    if (live != null && !live.revoked() && now.isBefore(live.expiresAt())) {
      return live;
    }
    Issued fresh = new Issued(newToken(), corpId, now.plus(ttl), false);
    byToken.put(fresh.token(), fresh);
    liveByCorp.put(corpId, fresh);
    return fresh;
  }

  /** The corp id a token belongs to, or an ApiError 41001/40014/42001. */
  String corpOf(String token, Instant now) {
    if (token == null || token.isEmpty()) {
      throw new ApiError(41001);
    }
    Issued issued = byToken.get(token);
    if (issued == null) {
      throw new ApiError(40014);
    }
    if (issued.revoked() || !now.isBefore(issued.expiresAt())) {
      throw new ApiError(42001);
    }
    return issued.corpId();
  }

  /** WeCom may invalidate a token early; clients must then fetch a new one. */
  synchronized void revoke(String token) {
    Issued issued = byToken.get(token);
    if (issued != null) {
      Issued revoked = new Issued(issued.token(), issued.corpId(), issued.expiresAt(), true);
      byToken.put(token, revoked);
      liveByCorp.computeIfPresent(issued.corpId(), (k, v) -> v.token().equals(token) ? revoked : v);
    }
  }

  private String newToken() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    StringBuilder sb = new StringBuilder(96);
    for (int i = 0; i < 96; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
