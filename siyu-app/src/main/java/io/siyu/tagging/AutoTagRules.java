package io.siyu.tagging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/** The corp's auto-tag rules (TAGS_MANAGE to change them). Kinds come from the {@link AutoTagTrigger} beans. */
@Service
public class AutoTagRules {

	private static final int MAX_TAGS = 20;

	private final TenantJdbc jdbc;

	private final TagCatalog catalog;

	private final Auditor auditor;

	private final Clock clock;

	private final Map<String, AutoTagTrigger> triggers = new TreeMap<>();

	AutoTagRules(TenantJdbc jdbc, TagCatalog catalog, Auditor auditor, Clock clock, List<AutoTagTrigger> triggers) {
		this.jdbc = jdbc;
		this.catalog = catalog;
		this.auditor = auditor;
		this.clock = clock;
		triggers.forEach(t -> this.triggers.put(t.kind(), t));
	}

	public List<String> kinds() {
		return List.copyOf(triggers.keySet());
	}

	public Page<AutoTagRuleView> list(PageQuery page) {
		Actors.require(Permission.CUSTOMERS_READ);
		long total = jdbc.sql("select count(*) from auto_tag_rule where corp_id = :corp and deleted_at is null").count();
		List<AutoTagRuleView> rules = jdbc.sql("select r.*, (select count(*) from auto_tag_hit h where h.rule_id = r.id"
				+ " and h.corp_id = :corp) as hits from auto_tag_rule r where r.corp_id = :corp and r.deleted_at is null"
				+ " order by r.id desc limit :limit offset :offset")
			.param("limit", page.size())
			.param("offset", page.offset())
			.list(this::row);
		return page.with(withNames(rules), total);
	}

	public AutoTagRuleView get(long id) {
		Actors.require(Permission.CUSTOMERS_READ);
		return find(id).map(r -> withNames(List.of(r)).get(0))
			.orElseThrow(() -> new NotFoundException("Auto-tag rule " + id + " not found"));
	}

	@Transactional
	public AutoTagRuleView create(String name, String kind, String param, List<Long> tagIds) {
		Actors.require(Permission.TAGS_MANAGE);
		AutoTagTrigger trigger = trigger(kind);
		String p = trigger.checkParam(param);
		String n = name(name);
		String tags = tags(tagIds);
		Timestamp now = Timestamps.of(clock.instant());
		long id = jdbc.sql("insert into auto_tag_rule (corp_id, name, kind, param, tag_ids, enabled, created_at, changed_at)"
				+ " values (:corp, :name, :kind, :param, :tags, true, :now, :now)")
			.param("name", n).param("kind", trigger.kind()).param("param", p).param("tags", tags).param("now", now)
			.insert();
		auditor.record("tag.rule.created", "auto_tag_rule", id, "Auto-tag rule " + n + ": " + kind + " " + p + " → " + tags);
		return get(id);
	}

	/** Changes what is given (null leaves a part as it is). */
	@Transactional
	public AutoTagRuleView update(long id, String name, String param, List<Long> tagIds, Boolean enabled) {
		Actors.require(Permission.TAGS_MANAGE);
		AutoTagRuleView rule = get(id);
		String n = name == null ? rule.name() : name(name);
		String p = param == null ? rule.param() : trigger(rule.kind()).checkParam(param);
		String tags = tagIds == null ? rule.tagIds().stream().map(String::valueOf).collect(Collectors.joining(","))
				: tags(tagIds);
		jdbc.sql("update auto_tag_rule set name = :name, param = :param, tag_ids = :tags, enabled = :enabled,"
				+ " changed_at = :now where id = :id and corp_id = :corp")
			.param("name", n).param("param", p).param("tags", tags)
			.param("enabled", enabled == null ? rule.enabled() : enabled)
			.param("now", Timestamps.of(clock.instant())).param("id", id)
			.update();
		auditor.record("tag.rule.changed", "auto_tag_rule", id, "Auto-tag rule " + n + " changed");
		return get(id);
	}

	@Transactional
	public void delete(long id) {
		Actors.require(Permission.TAGS_MANAGE);
		AutoTagRuleView rule = get(id);
		jdbc.sql("update auto_tag_rule set deleted_at = :now, enabled = false where id = :id and corp_id = :corp")
			.param("now", Timestamps.of(clock.instant())).param("id", id).update();
		auditor.record("tag.rule.deleted", "auto_tag_rule", id, "Auto-tag rule " + rule.name() + " deleted");
	}

	/** Whether any trigger looks at this fact kind (the others need no listener, nor its event publication). */
	public boolean watches(String factKind) {
		return triggers.values().stream().anyMatch(t -> t.factKinds().contains(factKind));
	}

	/** Triggers that look at this fact kind. */
	List<AutoTagTrigger> triggersFor(String factKind) {
		return triggers.values().stream().filter(t -> t.factKinds().contains(factKind)).toList();
	}

	AutoTagTrigger triggerOf(String kind) {
		return triggers.get(kind);
	}

	private AutoTagTrigger trigger(String kind) {
		AutoTagTrigger trigger = kind == null ? null : triggers.get(kind.trim().toUpperCase(java.util.Locale.ROOT));
		if (trigger == null) {
			throw new BadRequestException("error.autoTag.kind", "Rule kinds are " + triggers.keySet(), triggers.keySet());
		}
		return trigger;
	}

	private String tags(List<Long> tagIds) {
		Set<Long> ids = new LinkedHashSet<>(tagIds == null ? List.of() : tagIds);
		ids.remove(null);
		if (ids.isEmpty() || ids.size() > MAX_TAGS) {
			throw new BadRequestException("error.autoTag.tags", "A rule gives 1 to " + MAX_TAGS + " tags", MAX_TAGS);
		}
		catalog.requireLive(ids);
		return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
	}

	private static String name(String raw) {
		if (raw == null || raw.isBlank() || raw.trim().length() > 60) {
			throw new BadRequestException("error.autoTag.name", "A rule name is 1–60 characters");
		}
		return raw.trim();
	}

	private Optional<AutoTagRuleView> find(long id) {
		return jdbc.sql("select r.*, (select count(*) from auto_tag_hit h where h.rule_id = r.id and h.corp_id = :corp)"
				+ " as hits from auto_tag_rule r where r.id = :id and r.corp_id = :corp and r.deleted_at is null")
			.param("id", id)
			.optional(this::row);
	}

	private List<AutoTagRuleView> withNames(List<AutoTagRuleView> rules) {
		Set<Long> all = new LinkedHashSet<>();
		rules.forEach(r -> all.addAll(r.tagIds()));
		Map<Long, String> names = new HashMap<>();
		if (!all.isEmpty()) {
			jdbc.sql("select id, name from tag where corp_id = :corp and id in (:ids)").param("ids", all)
				.list((rs, i) -> names.put(rs.getLong(1), rs.getString(2)));
		}
		return rules.stream().map(r -> new AutoTagRuleView(r.id(), r.name(), r.kind(), r.param(), r.tagIds(),
				r.tagIds().stream().map(t -> names.getOrDefault(t, "#" + t)).toList(), r.enabled(), r.hits(),
				r.createdAt())).toList();
	}

	private AutoTagRuleView row(ResultSet rs, int i) throws SQLException {
		return new AutoTagRuleView(rs.getLong("id"), rs.getString("name"), rs.getString("kind"), rs.getString("param"),
				TagJobs.tagIds(rs.getString("tag_ids")), List.of(), rs.getBoolean("enabled"), rs.getLong("hits"),
				Timestamps.get(rs, "created_at"));
	}
}
