package io.siyu.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection, deterministic for a given seed and call order. API faults apply to every
 * /cgi-bin call except gettoken; callback faults apply to event deliveries.
 */
public final class Faults {

  private final Random random;
  private final Map<Integer, Double> errorRates = new ConcurrentHashMap<>();
  private volatile Duration latency = Duration.ZERO;
  private volatile double callbackDropRate;
  private volatile double callbackDuplicateRate;
  private volatile double callbackReorderRate;
  private volatile Duration reorderDelay = Duration.ofMillis(300);

  Faults(long seed) {
    this.random = new Random(seed);
  }

  /** Answers this share of API calls with the given errcode (e.g. -1, 45009, 42001). */
  public Faults errorRate(int errcode, double rate) {
    if (rate <= 0) {
      errorRates.remove(errcode);
    } else {
      errorRates.put(errcode, rate);
    }
    return this;
  }

  /** Adds this real-time delay to every API call (also makes 45033 reachable). */
  public Faults latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  public Faults callbackDropRate(double rate) {
    this.callbackDropRate = rate;
    return this;
  }

  public Faults callbackDuplicateRate(double rate) {
    this.callbackDuplicateRate = rate;
    return this;
  }

  /** true: every callback is delivered twice, as WeCom does when it misses the 200. */
  public Faults callbackDuplicates(boolean on) {
    return callbackDuplicateRate(on ? 1.0 : 0.0);
  }

  /** This share of callbacks is held back for {@code delay} so that later ones overtake it. */
  public Faults callbackReorderRate(double rate, Duration delay) {
    this.callbackReorderRate = rate;
    this.reorderDelay = delay;
    return this;
  }

  public Faults reset() {
    errorRates.clear();
    latency = Duration.ZERO;
    callbackDropRate = 0;
    callbackDuplicateRate = 0;
    callbackReorderRate = 0;
    return this;
  }

  Duration latency() {
    return latency;
  }

  Duration reorderDelay() {
    return reorderDelay;
  }

  Optional<Integer> pickApiError() {
    if (errorRates.isEmpty()) {
      return Optional.empty();
    }
    double roll = roll();
    double acc = 0;
    for (Map.Entry<Integer, Double> e : new java.util.TreeMap<>(errorRates).entrySet()) {
      acc += e.getValue();
      if (roll < acc) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  boolean dropCallback() {
    return callbackDropRate > 0 && roll() < callbackDropRate;
  }

  boolean duplicateCallback() {
    return callbackDuplicateRate > 0 && roll() < callbackDuplicateRate;
  }

  boolean reorderCallback() {
    return callbackReorderRate > 0 && roll() < callbackReorderRate;
  }

  private double roll() {
    synchronized (random) {
      return random.nextDouble();
    }
  }
}
