package io.siyu.sandbox;

import java.time.Duration;

/**
 * WeCom's limits as the sandbox enforces them. Defaults follow the official docs (see
 * docs/wecom-sandbox.md); every value can be changed at run time, because WeCom changes them too.
 */
public final class SandboxRules {

  private volatile Duration tokenTtl = Duration.ofSeconds(7200);
  private volatile int callsPerMinute = 10_000;
  private volatile int callsPerHour = 150_000;
  private volatile Duration minuteBlock = Duration.ofSeconds(60);
  private volatile Duration hourBlock = Duration.ofMinutes(60);
  private volatile int concurrentCallsPerCorp = 10;
  private volatile int failedTokenCallsPerHour = 2000;
  private volatile Duration welcomeCodeTtl = Duration.ofSeconds(20);
  private volatile int corpTagCap = 3000;
  private volatile int contactWayCap = 500_000;
  private volatile int stateMaxLength = 30;
  private volatile int msgTemplateMaxRecipients = 10_000;
  private volatile int massSendsPerCustomerPerMonth = 0;
  private volatile boolean halfEventOnSkipVerify = false;
  private volatile int groupCapacity = 500;
  private volatile int callbackConcurrency = 1;
  private volatile Duration readLag = Duration.ZERO;
  private volatile int deliveryLogLimit = 200_000;
  private volatile Duration callbackTimeout = Duration.ofSeconds(5);
  private volatile int callbackRetries = 3;
  private volatile Duration callbackRetryDelay = Duration.ofMillis(500);

  public Duration tokenTtl() { return tokenTtl; }
  public SandboxRules tokenTtl(Duration v) { tokenTtl = v; return this; }

  public int callsPerMinute() { return callsPerMinute; }
  public SandboxRules callsPerMinute(int v) { callsPerMinute = v; return this; }

  public int callsPerHour() { return callsPerHour; }
  public SandboxRules callsPerHour(int v) { callsPerHour = v; return this; }

  public Duration minuteBlock() { return minuteBlock; }
  public SandboxRules minuteBlock(Duration v) { minuteBlock = v; return this; }

  public Duration hourBlock() { return hourBlock; }
  public SandboxRules hourBlock(Duration v) { hourBlock = v; return this; }

  /** In-flight API calls per corp before 45033; the community reports about 10. */
  public int concurrentCallsPerCorp() { return concurrentCallsPerCorp; }
  public SandboxRules concurrentCallsPerCorp(int v) { concurrentCallsPerCorp = v; return this; }

  /** gettoken calls with a wrong secret per hour before gettoken is blocked for hourBlock. */
  public int failedTokenCallsPerHour() { return failedTokenCallsPerHour; }
  public SandboxRules failedTokenCallsPerHour(int v) { failedTokenCallsPerHour = v; return this; }

  public Duration welcomeCodeTtl() { return welcomeCodeTtl; }
  public SandboxRules welcomeCodeTtl(Duration v) { welcomeCodeTtl = v; return this; }

  public int corpTagCap() { return corpTagCap; }
  public SandboxRules corpTagCap(int v) { corpTagCap = v; return this; }

  public int contactWayCap() { return contactWayCap; }
  public SandboxRules contactWayCap(int v) { contactWayCap = v; return this; }

  public int stateMaxLength() { return stateMaxLength; }
  public SandboxRules stateMaxLength(int v) { stateMaxLength = v; return this; }

  public int msgTemplateMaxRecipients() { return msgTemplateMaxRecipients; }
  public SandboxRules msgTemplateMaxRecipients(int v) { msgTemplateMaxRecipients = v; return this; }

  /** Mass messages a customer may receive per calendar month; 0 means "days in the month" (current doc). */
  public int massSendsPerCustomerPerMonth() { return massSendsPerCustomerPerMonth; }
  public SandboxRules massSendsPerCustomerPerMonth(int v) { massSendsPerCustomerPerMonth = v; return this; }

  /**
   * The docs leave the skip_verify sequencing open: false sends add_external_contact at once; true sends
   * add_half_external_contact and add_external_contact only when the member confirms.
   */
  public boolean halfEventOnSkipVerify() { return halfEventOnSkipVerify; }
  public SandboxRules halfEventOnSkipVerify(boolean v) { halfEventOnSkipVerify = v; return this; }

  /** Members per customer group before a join way moves on to the next group. */
  public int groupCapacity() { return groupCapacity; }
  public SandboxRules groupCapacity(int v) { groupCapacity = v; return this; }

  /**
   * WeCom processes changes asynchronously: for this long after a change, externalcontact/get does not
   * show a new relation (84061) and groupchat/get shows the members before the change. Default none.
   */
  public Duration readLag() { return readLag; }
  public SandboxRules readLag(Duration v) { readLag = v; return this; }

  /** Parallel callback POSTs per corp; 1 keeps events in order. Read when a corp's first event is sent. */
  public int callbackConcurrency() { return callbackConcurrency; }
  public SandboxRules callbackConcurrency(int v) { callbackConcurrency = v; return this; }

  /** Deliveries kept in the observable log; older ones are forgotten. */
  public int deliveryLogLimit() { return deliveryLogLimit; }
  public SandboxRules deliveryLogLimit(int v) { deliveryLogLimit = v; return this; }

  public Duration callbackTimeout() { return callbackTimeout; }
  public SandboxRules callbackTimeout(Duration v) { callbackTimeout = v; return this; }

  public int callbackRetries() { return callbackRetries; }
  public SandboxRules callbackRetries(int v) { callbackRetries = v; return this; }

  /** Real time between retries of a failed callback (WeCom's own spacing is undocumented). */
  public Duration callbackRetryDelay() { return callbackRetryDelay; }
  public SandboxRules callbackRetryDelay(Duration v) { callbackRetryDelay = v; return this; }
}
