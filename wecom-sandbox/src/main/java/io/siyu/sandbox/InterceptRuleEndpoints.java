package io.siyu.sandbox;

import static io.siyu.sandbox.Json.obj;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** 敏感词拦截规则 (intercept rules): add/get/list/update/del. Stored only; no chat is simulated. */
final class InterceptRuleEndpoints {

  static final class Rule {
    final String id;
    final long createTime;
    String name;
    List<String> words;
    List<Integer> semantics = new ArrayList<>();
    int interceptType;
    final Set<String> users = new LinkedHashSet<>();
    final Set<Long> departments = new LinkedHashSet<>();

    Rule(String id, long createTime) {
      this.id = id;
      this.createTime = createTime;
    }
  }

  private InterceptRuleEndpoints() {
  }

  static void register(Map<String, Endpoint> routes) {
    routes.put("/cgi-bin/externalcontact/add_intercept_rule", call -> {
      Rule rule = new Rule(call.corp.ids.next("", 32), call.epochSecond());
      apply(call, rule);
      JsonNode range = call.field("applicable_range");
      addRange(rule, range);
      if (rule.users.isEmpty() && rule.departments.isEmpty()) {
        throw new ApiError(40058, "applicable_range is empty");
      }
      call.corp.interceptRules.put(rule.id, rule);
      return obj("rule_id", rule.id);
    });
    routes.put("/cgi-bin/externalcontact/get_intercept_rule_list", call -> obj("rule_list",
        call.corp.interceptRules.values().stream()
            .map(r -> obj("rule_id", r.id, "rule_name", r.name, "create_time", r.createTime)).toList()));
    routes.put("/cgi-bin/externalcontact/get_intercept_rule", call -> {
      Rule r = rule(call);
      return obj("rule", obj("rule_id", r.id, "rule_name", r.name, "word_list", r.words,
          "extra_rule", obj("semantics_list", r.semantics), "intercept_type", r.interceptType,
          "applicable_range", obj("user_list", r.users, "department_list", r.departments)));
    });
    routes.put("/cgi-bin/externalcontact/update_intercept_rule", call -> {
      Rule r = rule(call);
      apply(call, r);
      addRange(r, call.field("add_applicable_range"));
      Json.strings(call.field("remove_applicable_range").get("user_list")).forEach(r.users::remove);
      call.field("remove_applicable_range").path("department_list").forEach(d -> r.departments.remove(d.asLong()));
      return obj();
    });
    routes.put("/cgi-bin/externalcontact/del_intercept_rule", call -> {
      call.corp.interceptRules.remove(rule(call).id);
      return obj();
    });
  }

  private static Rule rule(ApiCall call) {
    Rule r = call.corp.interceptRules.get(call.requireText("rule_id"));
    if (r == null) {
      throw new ApiError(40058, "invalid rule_id");
    }
    return r;
  }

  private static void apply(ApiCall call, Rule rule) {
    if (call.has("rule_name") || rule.name == null) {
      String name = call.requireText("rule_name");
      CustomerEndpoints.checkLength(name, 20, "rule_name");
      rule.name = name;
    }
    if (call.has("word_list") || rule.words == null) {
      List<String> words = call.strings("word_list");
      if (words.isEmpty() || words.size() > 300) {
        throw new ApiError(40058, "word_list must hold 1..300 words");
      }
      rule.words = words;
    }
    if (call.has("extra_rule")) {
      List<Integer> semantics = new ArrayList<>();
      call.field("extra_rule").path("semantics_list").forEach(n -> semantics.add(n.asInt()));
      rule.semantics = semantics;
    }
    int type = call.intOr("intercept_type", rule.interceptType == 0 ? 1 : rule.interceptType);
    if (type != 1 && type != 2) {
      throw new ApiError(40058, "intercept_type must be 1 or 2");
    }
    rule.interceptType = type;
  }

  private static void addRange(Rule rule, JsonNode range) {
    for (String u : Json.strings(range.get("user_list"))) {
      rule.users.add(u);
    }
    range.path("department_list").forEach(d -> rule.departments.add(d.asLong()));
  }
}
