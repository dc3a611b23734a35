package io.siyu.sandbox;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per corp and per API path: fixed minute and hour windows on the sandbox clock (doc 90454). Going
 * over blocks the path for the configured time, as WeCom does; a concurrency gauge gives 45033.
 */
final class RateLimiter {

  private static final class Window {
    long minute = -1;
    int minuteCount;
    long hour = -1;
    int hourCount;
    Instant blockedUntil = Instant.MIN;
  }

  private final SandboxRules rules;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  RateLimiter(SandboxRules rules) {
    this.rules = rules;
  }

  /** Counts one call; throws 45009 when over a limit or inside a block. */
  void count(String corpId, String path, Instant now) {
    Window w = windows.computeIfAbsent(corpId + " " + path, k -> new Window());
    synchronized (w) {
      if (now.isBefore(w.blockedUntil)) {
        throw new ApiError(45009);
      }
      long sec = now.getEpochSecond();
      if (sec / 60 != w.minute) {
        w.minute = sec / 60;
        w.minuteCount = 0;
      }
      if (sec / 3600 != w.hour) {
        w.hour = sec / 3600;
        w.hourCount = 0;
      }
      w.minuteCount++;
      w.hourCount++;
      if (w.hourCount > rules.callsPerHour()) {
        w.blockedUntil = now.plus(rules.hourBlock());
        throw new ApiError(45009);
      }
      if (w.minuteCount > rules.callsPerMinute()) {
        w.blockedUntil = now.plus(rules.minuteBlock());
        throw new ApiError(45009);
      }
    }
  }

  /**
   * Failed gettoken calls (wrong secret): past the hourly threshold gettoken itself is blocked for an
   * hour (community report: ~2000 per hour).
   */
  void checkTokenFailures(String corpId, Instant now) {
    Window w = windows.computeIfAbsent(corpId + " gettoken-failures", k -> new Window());
    synchronized (w) {
      if (now.isBefore(w.blockedUntil)) {
        throw new ApiError(45009);
      }
    }
  }

  void countTokenFailure(String corpId, Instant now) {
    Window w = windows.computeIfAbsent(corpId + " gettoken-failures", k -> new Window());
    synchronized (w) {
      long hour = now.getEpochSecond() / 3600;
      if (hour != w.hour) {
        w.hour = hour;
        w.hourCount = 0;
      }
      if (++w.hourCount > rules.failedTokenCallsPerHour()) {
        w.blockedUntil = now.plus(rules.hourBlock());
      }
    }
  }

  /** Enters a call; the returned handle must be closed when the answer is written. */
  AutoCloseable enter(String corpId) {
    AtomicInteger gauge = inFlight.computeIfAbsent(corpId, k -> new AtomicInteger());
    if (gauge.incrementAndGet() > rules.concurrentCallsPerCorp()) {
      gauge.decrementAndGet();
      throw new ApiError(45033);
    }
    return gauge::decrementAndGet;
  }
}
