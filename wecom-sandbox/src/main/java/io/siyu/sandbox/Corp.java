package io.siyu.sandbox;

import io.siyu.sandbox.crypto.CallbackCrypto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All state of one simulated corp. Every read and write of the aggregates below happens under the
 * corp's monitor (synchronized (corp)), so API calls and client actions are atomic per corp.
 */
final class Corp {

  final CorpSpec spec;
  final CallbackCrypto crypto;
  final SandboxRules rules;
  final SandboxClock clock;
  final Ids ids;
  final Directory directory = new Directory();
  final Customers customers = new Customers();
  final CorpTags tags;
  final ContactWays contactWays = new ContactWays();
  final Groups groups;
  final WelcomeCodes welcomeCodes;
  final List<WelcomeMessage> welcomeMessages = Collections.synchronizedList(new ArrayList<>());
  final List<WelcomeMessage.Refused> welcomeRefusals = Collections.synchronizedList(new ArrayList<>());
  final MassSends massSends = new MassSends();
  final Transfers transfers = new Transfers();
  final List<AppMessage> appMessages = Collections.synchronizedList(new ArrayList<>());
  final Map<String, String> momentJobs = new HashMap<>();
  final List<Long> momentCreations = new ArrayList<>();
  final OAuthCodes oauthCodes;
  final AcquisitionLinks acquisitionLinks = new AcquisitionLinks();
  final Map<String, Long> media = new HashMap<>();
  final Map<String, tools.jackson.databind.node.ObjectNode> groupWelcomeTemplates = new LinkedHashMap<>();
  final Map<String, InterceptRuleEndpoints.Rule> interceptRules = new LinkedHashMap<>();
  private final Callbacks callbacks;
  private volatile String callbackUrl;
  private final Map<String, Long> lastCreateTime = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > 100_000;
    }
  };

  Corp(CorpSpec spec, SandboxRules rules, SandboxClock clock, Callbacks callbacks, long seed) {
    this.spec = spec;
    this.crypto = new CallbackCrypto(spec.token() == null ? "" : spec.token(), spec.encodingAesKey(), spec.corpId());
    this.rules = rules;
    this.clock = clock;
    this.callbacks = callbacks;
    this.callbackUrl = spec.callbackUrl();
    this.ids = new Ids(seed ^ spec.corpId().hashCode());
    this.tags = new CorpTags(ids);
    this.groups = new Groups(ids);
    this.welcomeCodes = new WelcomeCodes(ids);
    this.oauthCodes = new OAuthCodes(ids);
  }

  String callbackUrl() {
    return callbackUrl;
  }

  void callbackUrl(String url) {
    this.callbackUrl = url;
  }

  /** Completes what the clock has made due (transfers); call under the corp lock. */
  void settle() {
    transfers.settle(this, clock.epochSecond());
  }

  /**
   * Queues a callback. CreateTime is the clock's second, pushed forward when an event with the same
   * identity already used that second, because receivers de-duplicate on CreateTime plus ids.
   */
  void emit(CallbackEvent event) {
    long createTime;
    synchronized (lastCreateTime) {
      long now = clock.epochSecond();
      Long last = lastCreateTime.get(event.identity());
      createTime = last != null && last >= now ? last + 1 : now;
      lastCreateTime.put(event.identity(), createTime);
    }
    callbacks.submit(this, event, createTime);
  }
}
