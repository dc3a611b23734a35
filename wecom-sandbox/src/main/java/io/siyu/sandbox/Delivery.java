package io.siyu.sandbox;

/** One callback POST as the sandbox tried to deliver it; observable by tests. */
public final class Delivery {

  public enum Status { PENDING, DELIVERED, FAILED, DROPPED, NO_URL }

  private final long id;
  private final String corpId;
  private final String event;
  private final String changeType;
  private final long createTime;
  private final String plaintext;
  private final boolean duplicate;
  private volatile Status status = Status.PENDING;
  private volatile int attempts;
  private volatile int lastHttpStatus;
  private volatile String lastError;
  private volatile java.time.Instant lastAttemptAt;
  private volatile long lastRoundTripNanos;

  Delivery(long id, String corpId, String event, String changeType, long createTime, String plaintext,
      boolean duplicate) {
    this.id = id;
    this.corpId = corpId;
    this.event = event;
    this.changeType = changeType;
    this.createTime = createTime;
    this.plaintext = plaintext;
    this.duplicate = duplicate;
  }

  public long id() { return id; }
  public String corpId() { return corpId; }
  public String event() { return event; }
  public String changeType() { return changeType; }
  public long createTime() { return createTime; }
  /** The decrypted XML, for assertions. */
  public String plaintext() { return plaintext; }
  /** true for the extra copy sent by the duplicate-delivery fault. */
  public boolean duplicate() { return duplicate; }
  public Status status() { return status; }
  public int attempts() { return attempts; }
  public int lastHttpStatus() { return lastHttpStatus; }
  public String lastError() { return lastError; }
  /** Wall-clock time of the last POST (the successful one for DELIVERED). */
  public java.time.Instant lastAttemptAt() { return lastAttemptAt; }
  /** How long the last POST took, from sending to the receiver's answer (or the failure). */
  public java.time.Duration lastRoundTrip() { return java.time.Duration.ofNanos(lastRoundTripNanos); }

  void attempted(int httpStatus, String error, long roundTripNanos) {
    lastAttemptAt = java.time.Instant.now();
    lastRoundTripNanos = roundTripNanos;
    attempts++;
    lastHttpStatus = httpStatus;
    lastError = error;
  }

  void finish(Status status) {
    this.status = status;
  }

  @Override
  public String toString() {
    return "Delivery#" + id + "[" + event + "/" + changeType + " " + status + " attempts=" + attempts
        + (duplicate ? " duplicate" : "") + "]";
  }
}
