package io.siyu.sandbox;

import java.time.Duration;
import java.time.Instant;

/** A welcome message accepted by send_welcome_msg, with the time its add event was issued. */
public record WelcomeMessage(String welcomeCode, String userid, String externalUserId, Instant codeIssuedAt,
    Instant sentAt, String text, int attachments) {

  /** Sandbox-clock time from the add event to the welcome call. */
  public Duration latency() {
    return Duration.between(codeIssuedAt, sentAt);
  }
}
