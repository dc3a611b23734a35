package io.siyu.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Corp tag groups and tags (doc 92117). Guarded by the corp lock. */
final class CorpTags {

  static final class Tag {
    final String id;
    String name;
    final long createTime;
    long order;
    final TagGroup group;

    Tag(String id, String name, long createTime, long order, TagGroup group) {
      this.id = id;
      this.name = name;
      this.createTime = createTime;
      this.order = order;
      this.group = group;
    }
  }

  static final class TagGroup {
    final String id;
    String name;
    final long createTime;
    long order;
    /** 0 for corp tags; the rule-group id for strategy tags (doc 94882). */
    long strategyId;
    final Map<String, Tag> tags = new LinkedHashMap<>();

    TagGroup(String id, String name, long createTime, long order) {
      this.id = id;
      this.name = name;
      this.createTime = createTime;
      this.order = order;
    }
  }

  record NewTag(String name, long order) {
  }

  /** What a deletion removed, so that callers can clean relations and emit events. */
  record Removed(List<String> tagIds, List<String> groupIds) {
  }

  private final Map<String, TagGroup> groups = new LinkedHashMap<>();
  private final Map<String, Tag> tags = new LinkedHashMap<>();
  private final Ids ids;

  CorpTags(Ids ids) {
    this.ids = ids;
  }

  /**
   * add_corp_tag: into group_id if given, else into the group named group_name (created if new). No
   * empty groups; names already present in the group are returned instead of duplicated.
   */
  TagGroup add(String groupId, String groupName, long groupOrder, List<NewTag> newTags, int cap, long now) {
    return add(0, groupId, groupName, groupOrder, newTags, cap, now);
  }

  /** Corp (strategyId 0) and strategy tags share one id space and the cap. */
  TagGroup add(long strategyId, String groupId, String groupName, long groupOrder, List<NewTag> newTags, int cap,
      long now) {
    if (newTags.isEmpty()) {
      throw new ApiError(40058, "tag list is empty");
    }
    for (NewTag t : newTags) {
      checkName(t.name());
    }
    TagGroup group;
    if (groupId != null && !groupId.isEmpty()) {
      group = groups.get(groupId);
      if (group == null || group.strategyId != strategyId) {
        throw new ApiError(40068, "group_id " + groupId);
      }
    } else {
      checkName(groupName);
      group = groups.values().stream().filter(g -> g.strategyId == strategyId && g.name.equals(groupName))
          .findFirst().orElse(null);
    }
    long fresh = newTags.stream().map(NewTag::name).distinct()
        .filter(n -> group == null || group.tags.values().stream().noneMatch(t -> t.name.equals(n))).count();
    if (tags.size() + fresh > cap) {
      throw new ApiError(45035, "corp tag count exceeds " + cap);
    }
    TagGroup target = group;
    if (target == null) {
      target = new TagGroup(ids.next("et", 20), groupName, now, groupOrder);
      target.strategyId = strategyId;
      groups.put(target.id, target);
    }
    for (NewTag t : newTags) {
      TagGroup g = target;
      if (g.tags.values().stream().noneMatch(x -> x.name.equals(t.name()))) {
        Tag tag = new Tag(ids.next("et", 20), t.name(), now, t.order(), g);
        g.tags.put(tag.id, tag);
        tags.put(tag.id, tag);
      }
    }
    return target;
  }

  /** edit_corp_tag: the id may be a tag or a group; names stay unique among siblings. */
  String edit(String id, String name, Long order) {
    TagGroup group = groups.get(id);
    if (group != null) {
      if (name != null) {
        checkName(name);
        if (groups.values().stream().anyMatch(g -> g != group && g.name.equals(name))) {
          throw new ApiError(40071);
        }
        group.name = name;
      }
      if (order != null) {
        group.order = order;
      }
      return "tag_group";
    }
    Tag tag = tags.get(id);
    if (tag == null) {
      throw new ApiError(40068, "id " + id);
    }
    if (name != null) {
      checkName(name);
      if (tag.group.tags.values().stream().anyMatch(t -> t != tag && t.name.equals(name))) {
        throw new ApiError(40071);
      }
      tag.name = name;
    }
    if (order != null) {
      tag.order = order;
    }
    return "tag";
  }

  /** del_corp_tag: deleting a group deletes its tags; deleting the last tag of a group deletes it. */
  Removed delete(Collection<String> tagIds, Collection<String> groupIds) {
    if (tagIds.isEmpty() && groupIds.isEmpty()) {
      throw new ApiError(40058, "tag_id and group_id are both empty");
    }
    for (String id : tagIds) {
      if (!tags.containsKey(id)) {
        throw new ApiError(40068, "tag_id " + id);
      }
    }
    for (String id : groupIds) {
      if (!groups.containsKey(id)) {
        throw new ApiError(40068, "group_id " + id);
      }
    }
    List<String> removedTags = new ArrayList<>();
    List<String> removedGroups = new ArrayList<>();
    for (String gid : groupIds) {
      TagGroup g = groups.remove(gid);
      removedGroups.add(gid);
      for (String tid : g.tags.keySet()) {
        tags.remove(tid);
        removedTags.add(tid);
      }
    }
    for (String tid : tagIds) {
      Tag t = tags.remove(tid);
      if (t != null) {
        removedTags.add(tid);
        t.group.tags.remove(tid);
        if (t.group.tags.isEmpty() && groups.remove(t.group.id) != null) {
          removedGroups.add(t.group.id);
        }
      }
    }
    return new Removed(removedTags, removedGroups);
  }

  Tag tag(String id) {
    return tags.get(id);
  }

  TagGroup group(String id) {
    return groups.get(id);
  }

  Collection<TagGroup> groups() {
    return groups.values();
  }

  int tagCount() {
    return tags.size();
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > 30) {
      throw new ApiError(40072);
    }
  }
}
