package io.siyu.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sandbox's notion of "now": token expiry, rate windows, welcome-code TTL and event CreateTime all
 * read it, so a test can move time forward instead of sleeping.
 */
public abstract class SandboxClock {

  public abstract Instant now();

  public long epochSecond() {
    return now().getEpochSecond();
  }

  /** Moves a manual clock forward; a system clock refuses. */
  public abstract void advance(Duration duration);

  public static SandboxClock system() {
    return new SandboxClock() {
      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public void advance(Duration duration) {
        throw new UnsupportedOperationException("the system clock cannot be advanced");
      }
    };
  }

  public static SandboxClock manual(Instant start) {
    return new Manual(start);
  }

  /** A manual clock starting at the current wall time. */
  public static SandboxClock manual() {
    return new Manual(Instant.now());
  }

  private static final class Manual extends SandboxClock {
    private final AtomicReference<Instant> now;

    Manual(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant now() {
      return now.get();
    }

    @Override
    public void advance(Duration duration) {
      now.updateAndGet(n -> n.plus(duration));
    }
  }
}
