package io.siyu.sandbox;

import io.siyu.sandbox.crypto.CallbackCrypto;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends events to the corps' callback URLs: encrypted, signed, asynchronous, one lane per corp (one
 * thread by default, so order holds unless the reorder fault is on; more with callbackConcurrency);
 * retried on timeout or non-200 like WeCom (3 retries).
 */
public final class Callbacks {

  private record Envelope(Corp corp, Delivery delivery, String url, String body) {
  }

  private final SandboxRules rules;
  private final Faults faults;
  private final SandboxClock clock;
  private final Random random;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, ExecutorService> lanes = new ConcurrentHashMap<>();
  private final ScheduledExecutorService later = Executors.newScheduledThreadPool(2, daemon("sandbox-callback-retry"));
  private final Deque<Delivery> log = new ConcurrentLinkedDeque<>();
  private final AtomicInteger logSize = new AtomicInteger();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicInteger pending = new AtomicInteger();

  Callbacks(SandboxRules rules, Faults faults, SandboxClock clock, long seed) {
    this.rules = rules;
    this.faults = faults;
    this.clock = clock;
    this.random = new Random(seed ^ 0xCA11BACCL);
  }

  /** Every delivery so far, oldest first (duplicates are separate entries). */
  public List<Delivery> deliveries() {
    return new ArrayList<>(log);
  }

  public List<Delivery> deliveries(String corpId) {
    return log.stream().filter(d -> d.corpId().equals(corpId)).toList();
  }

  /** Forgets the log (e.g. between test phases); pending deliveries still complete. */
  public void clearLog() {
    log.clear();
    logSize.set(0);
  }

  /** Keeps the log bounded for long benchmark runs: the oldest entries go first. */
  private void record(Delivery d) {
    log.addLast(d);
    if (logSize.incrementAndGet() > rules.deliveryLogLimit() && log.pollFirst() != null) {
      logSize.decrementAndGet();
    }
  }

  /** Waits until no delivery is pending or retrying; true if idle within the timeout. */
  public boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * WeCom's URL check when a callback URL is saved: GET with an encrypted echostr; the receiver must
   * answer the plaintext. Returns true when it did.
   */
  public boolean verifyUrl(SandboxCorp sandboxCorp) {
    Corp corp = sandboxCorp.corp();
    String plain = String.valueOf(1_000_000_000_000_000_000L + (random() & 0x7fffffffffffffL));
    String echostr = corp.crypto.encrypt(randomString(), plain);
    String ts = String.valueOf(clock.epochSecond());
    String nonce = nonce();
    String base = corp.callbackUrl();
    if (base == null || base.isBlank()) {
      return false;
    }
    String url = base + sep(base) + "msg_signature="
        + corp.crypto.sign(ts, nonce, echostr) + "&timestamp=" + ts + "&nonce=" + nonce + "&echostr="
        + URLEncoder.encode(echostr, StandardCharsets.UTF_8);
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).GET()
          .build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().equals(plain);
    } catch (Exception e) {
      return false;
    }
  }

  void submit(Corp corp, CallbackEvent event, long createTime) {
    String xml = event.toXml(corp.spec.corpId(), createTime);
    Delivery delivery = new Delivery(ids.incrementAndGet(), corp.spec.corpId(), event.event, event.changeType,
        createTime, xml, false);
    record(delivery);
    String base = corp.callbackUrl();
    if (base == null || base.isBlank()) {
      delivery.finish(Delivery.Status.NO_URL);
      return;
    }
    if (faults.dropCallback()) {
      delivery.finish(Delivery.Status.DROPPED);
      return;
    }
    String encrypted = corp.crypto.encrypt(randomString(), xml);
    String ts = String.valueOf(clock.epochSecond());
    String nonce = nonce();
    String url = base + sep(base) + "msg_signature="
        + corp.crypto.sign(ts, nonce, encrypted) + "&timestamp=" + ts + "&nonce=" + nonce;
    Envelope envelope = new Envelope(corp, delivery, url,
        CallbackCrypto.envelope(corp.spec.corpId(), corp.spec.agentId(), encrypted));
    boolean duplicate = faults.duplicateCallback();
    pending.incrementAndGet();
    if (faults.reorderCallback()) {
      later.schedule(() -> attempt(envelope, duplicate), faults.reorderDelay().toMillis(), TimeUnit.MILLISECONDS);
    } else {
      lane(corp.spec.corpId()).execute(() -> attempt(envelope, duplicate));
    }
  }

  private void attempt(Envelope e, boolean duplicate) {
    Delivery d = e.delivery();
    long start = System.nanoTime();
    try {
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(e.url()))
          .timeout(rules.callbackTimeout())
          .header("Content-Type", "text/xml; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(e.body(), StandardCharsets.UTF_8)).build(),
          HttpResponse.BodyHandlers.discarding());
      d.attempted(r.statusCode(), null, System.nanoTime() - start);
    } catch (Exception ex) {
      d.attempted(0, ex.getClass().getSimpleName() + ": " + ex.getMessage(), System.nanoTime() - start);
    }
    if (d.lastHttpStatus() == 200) {
      d.finish(Delivery.Status.DELIVERED);
      if (duplicate) {
        resendCopy(e);
      }
      pending.decrementAndGet();
    } else if (d.attempts() <= rules.callbackRetries() && retryLater(e, duplicate)) {
      return;
    } else {
      d.finish(Delivery.Status.FAILED);
      pending.decrementAndGet();
    }
  }

  /** false when the sandbox is stopping and nothing more will be sent. */
  private boolean retryLater(Envelope e, boolean duplicate) {
    try {
      later.schedule(() -> attempt(e, duplicate), rules.callbackRetryDelay().toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (RejectedExecutionException stopped) {
      return false;
    }
  }

  /** The same bytes again, as when WeCom missed the first 200. */
  private void resendCopy(Envelope e) {
    Delivery original = e.delivery();
    Delivery copy = new Delivery(ids.incrementAndGet(), original.corpId(), original.event(), original.changeType(),
        original.createTime(), original.plaintext(), true);
    record(copy);
    pending.incrementAndGet();
    try {
      lane(original.corpId()).execute(() -> attempt(new Envelope(e.corp(), copy, e.url(), e.body()), false));
    } catch (RejectedExecutionException stopped) {
      copy.finish(Delivery.Status.FAILED);
      pending.decrementAndGet();
    }
  }

  private ExecutorService lane(String corpId) {
    return lanes.computeIfAbsent(corpId,
        id -> Executors.newFixedThreadPool(Math.max(1, rules.callbackConcurrency()), daemon("sandbox-callback-" + id)));
  }

  void shutdown() {
    lanes.values().forEach(ExecutorService::shutdownNow);
    later.shutdownNow();
  }

  private String randomString() {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder sb = new StringBuilder(16);
    synchronized (random) {
      for (int i = 0; i < 16; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return sb.toString();
  }

  private String nonce() {
    synchronized (random) {
      return String.valueOf(1_000_000_000L + random.nextInt(1_000_000_000));
    }
  }

  private long random() {
    synchronized (random) {
      return random.nextLong();
    }
  }

  private static String sep(String url) {
    return url.contains("?") ? "&" : "?";
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
