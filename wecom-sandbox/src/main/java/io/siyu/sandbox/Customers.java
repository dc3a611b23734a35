package io.siyu.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * External contacts and follow relations (member ↔ customer). Each relation carries a sequence number
 * so that cursors stay valid while relations are added or removed. Guarded by the corp lock.
 */
final class Customers {

  static final class Customer {
    final String externalUserId;
    String name;
    int type = 1;
    int gender;
    String unionid = "";
    String corpName = "";

    Customer(String externalUserId, String name) {
      this.externalUserId = externalUserId;
      this.name = name;
    }
  }

  static final class Follow {
    final long seq;
    final String userid;
    final String externalUserId;
    String remark = "";
    String description = "";
    final long createtime;
    final Set<String> tagIds = new LinkedHashSet<>();
    final int addWay;
    final String state;
    String operUserid;
    String remarkCorpName = "";
    List<String> remarkMobiles = new ArrayList<>();

    Follow(long seq, String userid, String externalUserId, long createtime, int addWay, String state) {
      this.seq = seq;
      this.userid = userid;
      this.externalUserId = externalUserId;
      this.createtime = createtime;
      this.addWay = addWay;
      this.state = state == null ? "" : state;
    }
  }

  private final Map<String, Customer> customers = new HashMap<>();
  private final Map<String, TreeMap<Long, Follow>> byUser = new HashMap<>();
  private final Map<String, Map<String, Follow>> byCustomer = new HashMap<>();
  private final TreeMap<Long, Follow> bySeq = new TreeMap<>();
  private long seq;

  Customer add(String externalUserId, String name) {
    return customers.computeIfAbsent(externalUserId, id -> new Customer(id, name));
  }

  Customer customer(String externalUserId) {
    return externalUserId == null ? null : customers.get(externalUserId);
  }

  int count() {
    return customers.size();
  }

  Collection<Customer> all() {
    return customers.values();
  }

  /** Creates the relation, or returns the existing one. */
  Follow follow(String userid, String externalUserId, long createtime, int addWay, String state) {
    Map<String, Follow> followers = byCustomer.computeIfAbsent(externalUserId, k -> new LinkedHashMap<>());
    Follow existing = followers.get(userid);
    if (existing != null) {
      return existing;
    }
    Follow f = new Follow(++seq, userid, externalUserId, createtime, addWay, state);
    f.operUserid = addWay == 1 ? externalUserId : userid;
    followers.put(userid, f);
    byUser.computeIfAbsent(userid, k -> new TreeMap<>()).put(f.seq, f);
    bySeq.put(f.seq, f);
    return f;
  }

  Follow relation(String userid, String externalUserId) {
    Map<String, Follow> followers = byCustomer.get(externalUserId);
    return followers == null ? null : followers.get(userid);
  }

  Follow requireRelation(String userid, String externalUserId) {
    Follow f = relation(userid, externalUserId);
    if (f == null) {
      throw new ApiError(84061);
    }
    return f;
  }

  boolean remove(String userid, String externalUserId) {
    Map<String, Follow> followers = byCustomer.get(externalUserId);
    Follow f = followers == null ? null : followers.remove(userid);
    if (f == null) {
      return false;
    }
    byUser.get(userid).remove(f.seq);
    bySeq.remove(f.seq);
    return true;
  }

  Collection<Follow> followersOf(String externalUserId) {
    return byCustomer.getOrDefault(externalUserId, Map.of()).values();
  }

  NavigableMap<Long, Follow> followsOf(String userid) {
    return byUser.getOrDefault(userid, new TreeMap<>());
  }

  /** Every relation in creation order, after the given sequence number. */
  NavigableMap<Long, Follow> relationsAfter(long seq) {
    return bySeq.tailMap(seq, false);
  }

  /** Removes a tag from every relation, as deleting a corp tag does. */
  void forgetTags(Collection<String> tagIds) {
    for (TreeMap<Long, Follow> follows : byUser.values()) {
      for (Follow f : follows.values()) {
        f.tagIds.removeAll(tagIds);
      }
    }
  }
}
