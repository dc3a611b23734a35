package io.siyu.sandbox;

import java.util.ArrayList;
import java.util.List;

/** One simulated corp: seed its world, play client actions, read what the app did to it. */
public final class SandboxCorp {

  private final Corp corp;
  private final ClientActions actions;
  private final long seed;
  private volatile String browserUser;
  private volatile Traffic lastTraffic;
  private int trafficRuns;

  SandboxCorp(Corp corp, long seed) {
    this.corp = corp;
    this.actions = new ClientActions(corp);
    this.seed = seed;
  }

  public String corpId() {
    return corp.spec.corpId();
  }

  /** The spec as created; the callback URL may have changed since (see {@link #callbackUrl(String)}). */
  public CorpSpec spec() {
    return corp.spec;
  }

  /**
   * Points callbacks at a new URL, as an admin re-saving the app's 接收消息 settings would — handy
   * when the app's port is known only after the sandbox started. Later events go there.
   */
  public SandboxCorp callbackUrl(String url) {
    corp.callbackUrl(url);
    return this;
  }

  public String callbackUrl() {
    return corp.callbackUrl();
  }

  /** Adds a deterministic world (same sandbox seed and corp id, same world). Emits no callbacks. */
  public SandboxCorp seed(WorldSpec spec) {
    synchronized (corp) {
      new WorldSeeder(corp, seed ^ corp.spec.corpId().hashCode()).seed(spec);
    }
    return this;
  }

  /** Seeds the given directory, then customers, groups and tags over its staff (deterministic, no callbacks). */
  public SandboxCorp seed(WorldSpec spec, OrgChart chart) {
    synchronized (corp) {
      new WorldSeeder(corp, seed ^ corp.spec.corpId().hashCode()).seed(spec, chart);
    }
    return this;
  }

  /**
   * A 「联系我」 way over all staff with the given state, as an admin would create in the client (no callback):
   * what simulated traffic scans.
   */
  public String addContactWayForAllStaff(String state) {
    synchronized (corp) {
      ContactWays.ContactWay way = new ContactWays.ContactWay("way-" + state, corp.clock.epochSecond());
      way.type = 2;
      way.scene = 2;
      way.state = state;
      way.skipVerify = true;
      way.users = new ArrayList<>(staffIds());
      way.qrCode = "https://wework.qpic.cn/wwpic/way-" + state + "/0";
      corp.contactWays.add(way, Integer.MAX_VALUE);
      return way.configId;
    }
  }

  /** Starts a bounded, real-time stream of adds and leaves (see {@link Traffic.Spec}). */
  public synchronized Traffic startTraffic(Traffic.Spec spec) {
    Traffic traffic = new Traffic(this, spec, seed ^ corp.spec.corpId().hashCode() ^ 0x7AFF1CL ^ trafficRuns++);
    lastTraffic = traffic;
    return traffic.start();
  }

  /** The most recently started traffic run, or null. */
  public Traffic lastTraffic() {
    return lastTraffic;
  }

  public ClientActions actions() {
    return actions;
  }

  /** Welcome messages accepted by send_welcome_msg, in call order. */
  public List<WelcomeMessage> welcomeMessages() {
    synchronized (corp.welcomeMessages) {
      return List.copyOf(corp.welcomeMessages);
    }
  }

  /** send_welcome_msg calls answered 41051 (code used, expired or unknown), in call order. */
  public List<WelcomeMessage.Refused> welcomeRefusals() {
    synchronized (corp.welcomeRefusals) {
      return List.copyOf(corp.welcomeRefusals);
    }
  }

  public List<String> staffIds() {
    synchronized (corp) {
      return corp.directory.allStaff().stream().map(s -> s.userid).toList();
    }
  }

  public int customerCount() {
    synchronized (corp) {
      return corp.customers.count();
    }
  }

  /** The customers a member currently follows, oldest relation first. */
  public List<String> customersOf(String userid) {
    synchronized (corp) {
      return corp.customers.followsOf(userid).values().stream().map(f -> f.externalUserId).toList();
    }
  }

  public boolean isFriend(String userid, String externalUserId) {
    synchronized (corp) {
      return corp.customers.relation(userid, externalUserId) != null;
    }
  }

  public List<String> groupChatIds() {
    synchronized (corp) {
      return corp.groups.all().stream().map(g -> g.chatId).toList();
    }
  }

  public List<String> groupMembers(String chatId) {
    synchronized (corp) {
      return new ArrayList<>(corp.groups.get(chatId).members.keySet());
    }
  }

  public List<String> tagIds() {
    synchronized (corp) {
      List<String> ids = new ArrayList<>();
      corp.tags.groups().forEach(g -> ids.addAll(g.tags.keySet()));
      return ids;
    }
  }

  /** Tag ids on a relation (as the member sees them). */
  public List<String> tagsOf(String userid, String externalUserId) {
    synchronized (corp) {
      return new ArrayList<>(corp.customers.requireRelation(userid, externalUserId).tagIds);
    }
  }

  /** Application messages accepted by message/send, in call order. */
  public List<AppMessage> appMessages() {
    synchronized (corp.appMessages) {
      return List.copyOf(corp.appMessages);
    }
  }

  /** Who is signed in to the WeCom browser for OAuth; defaults to the first member. */
  public SandboxCorp browserUser(String userid) {
    this.browserUser = userid;
    return this;
  }

  public String browserUser() {
    String user = browserUser;
    if (user == null) {
      List<String> staff = staffIds();
      return staff.isEmpty() ? "" : staff.get(0);
    }
    return user;
  }

  Corp corp() {
    return corp;
  }
}
