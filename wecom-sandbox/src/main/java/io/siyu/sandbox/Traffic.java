package io.siyu.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded stream of client actions in real time: customers scanning a contact way and customers
 * deleting members, at given rates, for a given duration. Stops by itself.
 */
public final class Traffic {

  /** Rates per second; contactWay is a config_id or a state; at most one hour. */
  public record Spec(String contactWay, double addsPerSecond, double leavesPerSecond, Duration duration) {
    public Spec {
      if (duration.compareTo(Duration.ofHours(1)) > 0 || addsPerSecond < 0 || leavesPerSecond < 0) {
        throw new IllegalArgumentException("traffic must be bounded: ≤ 1 h, non-negative rates");
      }
    }
  }

  private static final long TICK_MS = 50;

  private final SandboxCorp corp;
  private final Spec spec;
  private final Random random;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Callbacks.daemon("sandbox-traffic"));
  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicInteger adds = new AtomicInteger();
  private final AtomicInteger leaves = new AtomicInteger();
  private final List<ClientActions.Added> added = new ArrayList<>();
  private double addCredit;
  private double leaveCredit;
  private long ticksLeft;

  Traffic(SandboxCorp corp, Spec spec, long seed) {
    this.corp = corp;
    this.spec = spec;
    this.random = new Random(seed);
    this.ticksLeft = Math.max(1, spec.duration().toMillis() / TICK_MS);
  }

  Traffic start() {
    timer.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    return this;
  }

  private void tick() {
    try {
      addCredit += spec.addsPerSecond() * TICK_MS / 1000.0;
      leaveCredit += spec.leavesPerSecond() * TICK_MS / 1000.0;
      for (; addCredit >= 1; addCredit--) {
        added.add(corp.actions().customerScans(spec.contactWay()));
        adds.incrementAndGet();
      }
      for (; leaveCredit >= 1 && !added.isEmpty(); leaveCredit--) {
        ClientActions.Added victim = added.remove(random.nextInt(added.size()));
        corp.actions().customerDeletesStaff(victim.externalUserId(), victim.userid());
        leaves.incrementAndGet();
      }
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    if (--ticksLeft <= 0) {
      stop();
    }
  }

  public void stop() {
    timer.shutdown();
    done.countDown();
  }

  /** Waits for the end of the run; true when it ended within the timeout. */
  public boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean running() {
    return done.getCount() > 0;
  }

  public int adds() {
    return adds.get();
  }

  public int leaves() {
    return leaves.get();
  }
}
