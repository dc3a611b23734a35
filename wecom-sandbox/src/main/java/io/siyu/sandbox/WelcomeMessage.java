package io.siyu.sandbox;

import java.time.Duration;
import java.time.Instant;

/**
 * A welcome message accepted by send_welcome_msg. Times are on the sandbox clock; the wall-clock pair
 * measures how fast the app answered the add event in real time.
 */
public record WelcomeMessage(String welcomeCode, String userid, String externalUserId, Instant codeIssuedAt,
    Instant sentAt, String text, int attachments, Instant codeIssuedWall, Instant sentWall) {

  /** Sandbox-clock time from the add event to the welcome call (what the 20-s rule checks). */
  public Duration latency() {
    return Duration.between(codeIssuedAt, sentAt);
  }

  /** Real time from the add event being issued to the welcome call. */
  public Duration realLatency() {
    return Duration.between(codeIssuedWall, sentWall);
  }

  /** A send_welcome_msg call refused with 41051: {@code used} when the code had been accepted before. */
  public record Refused(String welcomeCode, boolean used, Instant at) {
  }
}
