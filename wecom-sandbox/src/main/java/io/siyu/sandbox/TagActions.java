package io.siyu.sandbox;

import io.siyu.sandbox.CorpTags.NewTag;
import io.siyu.sandbox.CorpTags.TagGroup;
import java.util.List;

/** Tag changes made by an admin in the client; each emits change_external_tag. */
public final class TagActions {

  private final Corp corp;

  TagActions(Corp corp) {
    this.corp = corp;
  }

  /**
   * Creates a tag in the named group; returns the tag id. A new group is reported once as a
   * tag_group, a tag added to an existing group as a tag.
   */
  public String create(String groupName, String tagName) {
    synchronized (corp) {
      boolean newGroup = corp.tags.groups().stream().noneMatch(g -> g.name.equals(groupName));
      TagGroup g = corp.tags.add(null, groupName, 0, List.of(new NewTag(tagName, 0)), corp.rules.corpTagCap(),
          corp.clock.epochSecond());
      String tagId = g.tags.values().stream().filter(t -> t.name.equals(tagName)).findFirst().orElseThrow().id;
      corp.emit(newGroup ? CallbackEvent.tag("create", g.id, "tag_group") : CallbackEvent.tag("create", tagId, "tag"));
      return tagId;
    }
  }

  /** Renames a tag or a group (the id decides which). */
  public void rename(String id, String name) {
    synchronized (corp) {
      String type = corp.tags.edit(id, name, null);
      corp.emit(CallbackEvent.tag("update", id, type));
    }
  }

  /** Deletes a tag or a whole group; a group's tags go without their own events. */
  public void delete(String id) {
    synchronized (corp) {
      boolean group = corp.tags.group(id) != null;
      CorpTags.Removed removed = group ? corp.tags.delete(List.of(), List.of(id)) : corp.tags.delete(List.of(id), List.of());
      corp.customers.forgetTags(removed.tagIds());
      corp.emit(CallbackEvent.tag("delete", id, group ? "tag_group" : "tag"));
    }
  }

  /** An admin re-orders the tags of a group: orders change, one shuffle event with no TagType. */
  public void shuffle(String groupId) {
    synchronized (corp) {
      TagGroup g = corp.tags.group(groupId);
      if (g == null) {
        throw new IllegalArgumentException("no tag group " + groupId);
      }
      long order = g.tags.size();
      for (CorpTags.Tag t : g.tags.values()) {
        t.order = order--;
      }
      corp.emit(CallbackEvent.tag("shuffle", groupId, null));
    }
  }
}
