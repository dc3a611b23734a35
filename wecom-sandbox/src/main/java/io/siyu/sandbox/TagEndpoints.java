package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import io.siyu.sandbox.CorpTags.NewTag;
import io.siyu.sandbox.CorpTags.Tag;
import io.siyu.sandbox.CorpTags.TagGroup;
import io.siyu.sandbox.Customers.Follow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Corp tags and marking (docs 92117, 92118). API changes emit no change_external_tag callbacks. */
final class TagEndpoints {

  private TagEndpoints() {
  }

  static void register(Map<String, Endpoint> routes) {
    routes.put("/cgi-bin/externalcontact/get_corp_tag_list", call -> list(call, false));
    routes.put("/cgi-bin/externalcontact/add_corp_tag", call -> add(call, 0));
    routes.put("/cgi-bin/externalcontact/get_strategy_tag_list", call -> list(call, true));
    routes.put("/cgi-bin/externalcontact/add_strategy_tag", call -> {
      long strategyId = call.field("strategy_id").asLong(0);
      if (strategyId <= 0) {
        throw new ApiError(40058, "strategy_id is required");
      }
      return add(call, strategyId);
    });
    routes.put("/cgi-bin/externalcontact/edit_strategy_tag", call -> {
      call.corp.tags.edit(call.requireText("id"), call.text("name"),
          call.has("order") ? call.field("order").asLong() : null);
      return obj();
    });
    routes.put("/cgi-bin/externalcontact/del_strategy_tag", call -> {
      CorpTags.Removed removed = call.corp.tags.delete(call.strings("tag_id"), call.strings("group_id"));
      call.corp.customers.forgetTags(removed.tagIds());
      return obj();
    });
    routes.put("/cgi-bin/externalcontact/edit_corp_tag", call -> {
      call.corp.tags.edit(call.requireText("id"), call.text("name"),
          call.has("order") ? call.field("order").asLong() : null);
      return obj();
    });
    routes.put("/cgi-bin/externalcontact/del_corp_tag", call -> {
      CorpTags.Removed removed = call.corp.tags.delete(call.strings("tag_id"), call.strings("group_id"));
      call.corp.customers.forgetTags(removed.tagIds());
      return obj();
    });
    routes.put("/cgi-bin/externalcontact/mark_tag", TagEndpoints::mark);
  }

  /** group_id wins over tag_id; both empty lists everything (strategy lists filter by strategy_id too). */
  private static Map<String, Object> list(ApiCall call, boolean strategy) {
    List<String> groupIds = call.strings("group_id");
    Set<String> tagIds = Set.copyOf(call.strings("tag_id"));
    long strategyId = call.field("strategy_id").asLong(0);
    List<Map<String, Object>> out = new ArrayList<>();
    for (TagGroup g : call.corp.tags.groups()) {
      if (strategy ? g.strategyId == 0 || (strategyId > 0 && g.strategyId != strategyId) : g.strategyId != 0) {
        continue;
      }
      if (!groupIds.isEmpty()) {
        if (groupIds.contains(g.id)) {
          out.add(group(g, g.tags.values()));
        }
      } else if (!tagIds.isEmpty()) {
        List<Tag> picked = g.tags.values().stream().filter(t -> tagIds.contains(t.id)).toList();
        if (!picked.isEmpty()) {
          out.add(group(g, picked));
        }
      } else {
        out.add(group(g, g.tags.values()));
      }
    }
    return obj("tag_group", out);
  }

  private static Map<String, Object> add(ApiCall call, long strategyId) {
    List<NewTag> newTags = new ArrayList<>();
    for (JsonNode t : call.field("tag")) {
      newTags.add(new NewTag(t.path("name").asString(""), t.path("order").asLong(0)));
    }
    TagGroup g = call.corp.tags.add(strategyId, call.text("group_id"), call.text("group_name"),
        call.field("order").asLong(0), newTags, call.corp.rules.corpTagCap(), call.epochSecond());
    List<String> names = newTags.stream().map(NewTag::name).toList();
    return obj("tag_group", group(g, g.tags.values().stream().filter(t -> names.contains(t.name)).toList()));
  }

  private static Map<String, Object> mark(ApiCall call) {
    Follow f = call.corp.customers.requireRelation(call.requireText("userid"), call.requireText("external_userid"));
    List<String> add = call.strings("add_tag");
    List<String> remove = call.strings("remove_tag");
    if (add.isEmpty() && remove.isEmpty()) {
      throw new ApiError(40058, "add_tag and remove_tag are both empty");
    }
    for (String id : add) {
      if (call.corp.tags.tag(id) == null) {
        throw new ApiError(40068, "tag_id " + id);
      }
    }
    if (f.tagIds.size() + add.size() > 3000) {
      throw new ApiError(45035, "more than 3000 tags on one relation");
    }
    f.tagIds.addAll(add);
    remove.forEach(f.tagIds::remove);
    return obj();
  }

  static Map<String, Object> group(TagGroup g, Collection<Tag> tags) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Tag t : tags) {
      list.add(obj("id", t.id, "name", t.name, "create_time", t.createTime, "order", t.order));
    }
    Map<String, Object> out = obj("group_id", g.id, "group_name", g.name, "create_time", g.createTime, "order", g.order,
        "tag", list);
    if (g.strategyId != 0) {
      out.put("strategy_id", g.strategyId);
    }
    return out;
  }
}
