package io.siyu.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A WeCom server in a box: /cgi-bin APIs with WeCom's limits, simulated client actions and signed,
 * encrypted callbacks. In-memory, thread-safe, deterministic for a seed.
 */
public final class WeComSandbox {

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms per call.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final int requestedPort;
  private final String host;
  private final SandboxClock clock;
  private final long seed;
  private final SandboxRules rules;
  private final Faults faults;
  private final Tokens tokens;
  private final Callbacks callbacks;
  private final Map<String, SandboxCorp> corps = new ConcurrentHashMap<>();
  private HttpServer server;
  private ExecutorService executor;

  private WeComSandbox(Builder b) {
    this.requestedPort = b.port;
    this.host = b.host;
    this.clock = b.clock;
    this.seed = b.seed;
    this.rules = b.rules;
    this.faults = new Faults(seed);
    this.tokens = new Tokens(seed);
    this.callbacks = new Callbacks(rules, faults, clock, seed);
  }

  public static Builder builder() {
    return new Builder();
  }

  public synchronized WeComSandbox start() {
    try {
      server = HttpServer.create(new InetSocketAddress(host, requestedPort), 256);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor = Executors.newFixedThreadPool(32, Callbacks.daemon("sandbox-http"));
    server.setExecutor(executor);
    server.createContext("/cgi-bin/", new ApiServer(this::corpState, tokens, faults, rules, clock));
    server.createContext("/sandbox/", new ScenarioApi(this));
    server.createContext("/connect/", new OAuthHandler(corps::get, clock));
    server.start();
    return this;
  }

  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
    callbacks.shutdown();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** e.g. http://127.0.0.1:43121 — what WxJava's setBaseApiUrl expects. */
  public String baseUrl() {
    return "http://" + host + ":" + port();
  }

  public SandboxCorp createCorp(CorpSpec spec) {
    SandboxCorp corp = new SandboxCorp(new Corp(spec, rules, clock, callbacks, seed), seed);
    if (corps.putIfAbsent(spec.corpId(), corp) != null) {
      throw new IllegalArgumentException("corp exists: " + spec.corpId());
    }
    return corp;
  }

  /**
   * The demo corp: "ww-demo", agent 1000002, secret "demo-secret", token "demotoken", key
   * abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG, a {@link WorldSpec#demo()} world and a multi-member
   * contact way with config_id "demo-way" and state "demo". callbackUrl may be null.
   */
  public SandboxCorp createDemoCorp(String callbackUrl) {
    SandboxCorp corp = createCorp(new CorpSpec("ww-demo", 1000002, "demo-secret", callbackUrl, "demotoken",
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"));
    corp.seed(WorldSpec.demo());
    Corp state = corp.corp();
    synchronized (state) {
      ContactWays.ContactWay way = new ContactWays.ContactWay("demo-way", clock.epochSecond());
      way.type = 2;
      way.scene = 2;
      way.state = "demo";
      way.users = new java.util.ArrayList<>(corp.staffIds());
      way.qrCode = "https://wework.qpic.cn/wwpic/demo-way/0";
      state.contactWays.add(way, Integer.MAX_VALUE);
    }
    return corp;
  }

  public SandboxCorp corp(String corpId) {
    SandboxCorp corp = corps.get(corpId);
    if (corp == null) {
      throw new IllegalArgumentException("no corp " + corpId);
    }
    return corp;
  }

  public Collection<SandboxCorp> corps() {
    return List.copyOf(corps.values());
  }

  public Faults faults() {
    return faults;
  }

  public SandboxRules rules() {
    return rules;
  }

  public Callbacks callbacks() {
    return callbacks;
  }

  public SandboxClock clock() {
    return clock;
  }

  private Corp corpState(String corpId) {
    SandboxCorp corp = corps.get(corpId);
    return corp == null ? null : corp.corp();
  }

  public static final class Builder {
    private int port = 0;
    private String host = "127.0.0.1";
    private SandboxClock clock = SandboxClock.system();
    private long seed = 42;
    private SandboxRules rules = new SandboxRules();

    public Builder port(int port) { this.port = port; return this; }
    public Builder host(String host) { this.host = host; return this; }
    public Builder clock(SandboxClock clock) { this.clock = clock; return this; }
    public Builder seed(long seed) { this.seed = seed; return this; }
    public Builder rules(SandboxRules rules) { this.rules = rules; return this; }

    public WeComSandbox build() {
      return new WeComSandbox(this);
    }
  }
}
