package io.siyu.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** 「联系我」 contact ways (doc 92572). Guarded by the corp lock. */
final class ContactWays {

  static final class ContactWay {
    final String configId;
    final long createTime;
    int type;
    int scene;
    int style;
    String remark = "";
    boolean skipVerify = true;
    String state = "";
    List<String> users = new ArrayList<>();
    List<Long> parties = new ArrayList<>();
    boolean temp;
    long expiresIn;
    String qrCode = "";
    boolean used;

    ContactWay(String configId, long createTime) {
      this.configId = configId;
      this.createTime = createTime;
    }
  }

  private final Map<String, ContactWay> ways = new LinkedHashMap<>();

  void add(ContactWay way, int cap) {
    if (ways.size() >= cap) {
      throw new ApiError(45035, "contact way count exceeds " + cap);
    }
    ways.put(way.configId, way);
  }

  ContactWay get(String configId) {
    ContactWay w = configId == null ? null : ways.get(configId);
    if (w == null) {
      throw new ApiError(84062, "config_id " + configId);
    }
    return w;
  }

  boolean has(String configId) {
    return configId != null && ways.containsKey(configId);
  }

  /** A way by its state, so that a simulated customer can "scan the poster of channel X". */
  ContactWay byState(String state) {
    return ways.values().stream().filter(w -> w.state.equals(state)).findFirst().orElse(null);
  }

  void delete(String configId) {
    get(configId);
    ways.remove(configId);
  }

  List<ContactWay> createdBetween(long start, long end) {
    List<ContactWay> out = new ArrayList<>();
    for (ContactWay w : ways.values()) {
      if (!w.temp && w.createTime >= start && w.createTime <= end) {
        out.add(w);
      }
    }
    return out;
  }

  int size() {
    return ways.size();
  }
}
