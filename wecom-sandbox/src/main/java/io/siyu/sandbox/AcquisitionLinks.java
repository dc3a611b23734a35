package io.siyu.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** 获客助手 acquisition links (docs 97297, 97298) and the customers they brought. Corp lock. */
final class AcquisitionLinks {

  static final class Link {
    final String linkId;
    final long createTime;
    String name;
    boolean skipVerify = true;
    List<String> users = new ArrayList<>();
    List<Long> departments = new ArrayList<>();
    final List<Map<String, Object>> customers = new ArrayList<>();

    Link(String linkId, long createTime) {
      this.linkId = linkId;
      this.createTime = createTime;
    }

    String url() {
      return "https://work.weixin.qq.com/ca/" + linkId;
    }
  }

  static final int QUOTA = 10_000;

  private final Map<String, Link> links = new LinkedHashMap<>();
  private int used;

  void add(Link link) {
    links.put(link.linkId, link);
  }

  Link get(String linkId) {
    Link l = linkId == null ? null : links.get(linkId);
    if (l == null) {
      throw new ApiError(40058, "invalid link_id " + linkId);
    }
    return l;
  }

  void delete(String linkId) {
    links.remove(get(linkId).linkId);
  }

  List<Link> all() {
    return new ArrayList<>(links.values());
  }

  /** Each customer added through a link consumes one unit of the corp's quota. */
  void consume() {
    if (used >= QUOTA) {
      throw new ApiError(45035, "acquisition quota used up");
    }
    used++;
  }

  int balance() {
    return QUOTA - used;
  }
}
