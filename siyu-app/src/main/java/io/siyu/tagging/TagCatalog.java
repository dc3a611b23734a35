package io.siyu.tagging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.ConflictException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.RuleViolationException;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * The corp's tag groups and tags. Changes made here are stored as PENDING and pushed to WeCom after commit
 * ({@link TagPush}); WeCom's own changes arrive through {@link TagMirror}. WeCom's rules are checked before anything
 * is stored: names of at most 30 characters, unique within a group, no empty groups, at most 3,000 tags.
 */
@Service
public class TagCatalog {

	/** WeCom's cap on corp tags (corp and strategy tags together). */
	public static final int CAP = 3000;

	static final String TAG_COLUMNS = "t.id, t.group_id, t.name, t.sort_order, t.wecom_id, t.sync_state, t.last_error,"
			+ " t.changed_at, t.deleted_at";

	private final TenantJdbc jdbc;

	private final Auditor auditor;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	TagCatalog(TenantJdbc jdbc, Auditor auditor, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.auditor = auditor;
		this.events = events;
		this.clock = clock;
	}

	/** Live groups with their live tags, WeCom's order (larger first), then by id. */
	public List<TagGroupView> groups() {
		Actors.require(Permission.CUSTOMERS_READ);
		Map<Long, List<TagView>> tags = new LinkedHashMap<>();
		jdbc.sql("select " + TAG_COLUMNS + " from tag t where t.corp_id = :corp and t.deleted_at is null"
				+ " order by t.sort_order desc, t.id")
			.list(TagCatalog::tag)
			.forEach(t -> tags.computeIfAbsent(t.groupId(), k -> new ArrayList<>()).add(t));
		return jdbc.sql("select id, name, sort_order, wecom_id, sync_state, last_error from tag_group g"
				+ " where g.corp_id = :corp and g.deleted_at is null order by g.sort_order desc, g.id")
			.list((rs, i) -> new TagGroupView(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
					rs.getString(5), rs.getString(6), tags.getOrDefault(rs.getLong(1), List.of())));
	}

	public TagView tag(long id) {
		Actors.require(Permission.CUSTOMERS_READ);
		return find(id).orElseThrow(() -> new NotFoundException("Tag " + id + " not found"));
	}

	/** Live tags with these ids; unknown or deleted ids are a 400 naming them. */
	public List<TagView> requireLive(java.util.Collection<Long> ids) {
		Actors.require(Permission.CUSTOMERS_READ);
		if (ids.isEmpty()) {
			return List.of();
		}
		List<TagView> found = jdbc.sql("select " + TAG_COLUMNS + " from tag t where t.corp_id = :corp and t.id in (:ids)"
				+ " and t.deleted_at is null").param("ids", ids).list(TagCatalog::tag);
		if (found.size() != new HashSet<>(ids).size()) {
			Set<Long> missing = new HashSet<>(ids);
			found.forEach(t -> missing.remove(t.id()));
			throw new BadRequestException("error.tag.unknown", "Unknown or deleted tags: " + missing, missing);
		}
		return found;
	}

	/** The live tags among these ids (deleted and unknown ones left out). */
	public List<TagView> liveAmong(java.util.Collection<Long> ids) {
		Actors.require(Permission.CUSTOMERS_READ);
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("select " + TAG_COLUMNS + " from tag t where t.corp_id = :corp and t.id in (:ids)"
				+ " and t.deleted_at is null").param("ids", ids).list(TagCatalog::tag);
	}

	/** Live tags of the corp (WeCom has no empty groups: a group is created with its first tags). */
	public long liveCount() {
		return jdbc.sql("select count(*) from tag where corp_id = :corp and deleted_at is null").count();
	}

	@Transactional
	public TagGroupView createGroup(String name, List<String> tagNames) {
		Actors.require(Permission.TAGS_MANAGE);
		String groupName = name(name);
		List<String> names = distinctNames(tagNames);
		if (names.isEmpty()) {
			throw new BadRequestException("error.tag.emptyGroup", "WeCom has no empty tag groups: add at least one tag");
		}
		requireRoom(names.size());
		if (jdbc.sql("select count(*) from tag_group where corp_id = :corp and name = :name and deleted_at is null")
			.param("name", groupName).count() > 0) {
			throw new ConflictException("error.tag.groupTaken", "A tag group named '" + groupName + "' exists", groupName);
		}
		Timestamp now = now();
		long groupId = jdbc.sql("insert into tag_group (corp_id, name, sort_order, sync_state, changed_at)"
				+ " values (:corp, :name, 0, 'PENDING', :now)").param("name", groupName).param("now", now).insert();
		insertTags(groupId, names, now);
		auditor.record("tag.group.created", "tag_group", groupId, "Created tag group " + groupName + " with " + names);
		edited();
		return group(groupId);
	}

	@Transactional
	public List<TagView> addTags(long groupId, List<String> tagNames) {
		Actors.require(Permission.TAGS_MANAGE);
		TagGroupView group = group(groupId);
		List<String> names = distinctNames(tagNames);
		if (names.isEmpty()) {
			throw new BadRequestException("error.tag.name", "A tag name is 1–30 characters");
		}
		requireRoom(names.size());
		for (String n : names) {
			if (group.tags().stream().anyMatch(t -> t.name().equals(n))) {
				throw new ConflictException("error.tag.taken", "The group already has a tag named '" + n + "'", n);
			}
		}
		List<Long> ids = insertTags(groupId, names, now());
		auditor.record("tag.created", "tag_group", groupId, "Added tags " + names + " to " + group.name());
		edited();
		return ids.stream().map(this::tag).toList();
	}

	@Transactional
	public TagView renameTag(long id, String newName) {
		Actors.require(Permission.TAGS_MANAGE);
		TagView tag = liveTag(id);
		String name = name(newName);
		if (jdbc.sql("select count(*) from tag where corp_id = :corp and group_id = :g and name = :name and id <> :id"
				+ " and deleted_at is null").param("g", tag.groupId()).param("name", name).param("id", id).count() > 0) {
			throw new ConflictException("error.tag.taken", "The group already has a tag named '" + name + "'", name);
		}
		jdbc.sql("update tag set name = :name, sync_state = 'PENDING', last_error = null, changed_at = :now"
				+ " where id = :id and corp_id = :corp").param("name", name).param("now", now()).param("id", id).update();
		auditor.record("tag.renamed", "tag", id, "Renamed tag " + tag.name() + " → " + name);
		edited();
		return tag(id);
	}

	@Transactional
	public TagGroupView renameGroup(long id, String newName) {
		Actors.require(Permission.TAGS_MANAGE);
		TagGroupView group = group(id);
		String name = name(newName);
		if (jdbc.sql("select count(*) from tag_group where corp_id = :corp and name = :name and id <> :id"
				+ " and deleted_at is null").param("name", name).param("id", id).count() > 0) {
			throw new ConflictException("error.tag.groupTaken", "A tag group named '" + name + "' exists", name);
		}
		jdbc.sql("update tag_group set name = :name, sync_state = 'PENDING', last_error = null, changed_at = :now"
				+ " where id = :id and corp_id = :corp").param("name", name).param("now", now()).param("id", id).update();
		auditor.record("tag.group.renamed", "tag_group", id, "Renamed tag group " + group.name() + " → " + name);
		edited();
		return group(id);
	}

	/** Sets WeCom's order of a tag (larger first; 0 … 2^32-1). */
	@Transactional
	public TagView reorderTag(long id, long order) {
		Actors.require(Permission.TAGS_MANAGE);
		liveTag(id);
		requireOrder(order);
		jdbc.sql("update tag set sort_order = :order, sync_state = 'PENDING', last_error = null, changed_at = :now"
				+ " where id = :id and corp_id = :corp").param("order", order).param("now", now()).param("id", id).update();
		edited();
		return tag(id);
	}

	@Transactional
	public void deleteTag(long id) {
		Actors.require(Permission.TAGS_MANAGE);
		TagView tag = liveTag(id);
		Timestamp now = now();
		jdbc.sql("update tag set deleted_at = :now, sync_state = 'PENDING', last_error = null, changed_at = :now"
				+ " where id = :id and corp_id = :corp").param("now", now).param("id", id).update();
		// WeCom deletes a group with its last tag
		if (jdbc.sql("select count(*) from tag where corp_id = :corp and group_id = :g and deleted_at is null")
			.param("g", tag.groupId()).count() == 0) {
			jdbc.sql("update tag_group set deleted_at = :now, sync_state = 'SYNCED', changed_at = :now"
					+ " where id = :g and corp_id = :corp").param("now", now).param("g", tag.groupId()).update();
		}
		events.publishEvent(new TagsDeleted(Actors.require().requireCorp(), List.of(id)));
		auditor.record("tag.deleted", "tag", id, "Deleted tag " + tag.name());
		edited();
	}

	@Transactional
	public void deleteGroup(long id) {
		Actors.require(Permission.TAGS_MANAGE);
		TagGroupView group = group(id);
		Timestamp now = now();
		jdbc.sql("update tag_group set deleted_at = :now, sync_state = 'PENDING', last_error = null, changed_at = :now"
				+ " where id = :id and corp_id = :corp").param("now", now).param("id", id).update();
		// the group's deletion in WeCom takes its tags along: they need no push of their own
		jdbc.sql("update tag set deleted_at = :now, sync_state = 'SYNCED', changed_at = :now where group_id = :id"
				+ " and corp_id = :corp and deleted_at is null").param("now", now).param("id", id).update();
		events.publishEvent(new TagsDeleted(Actors.require().requireCorp(),
				group.tags().stream().map(TagView::id).toList()));
		auditor.record("tag.group.deleted", "tag_group", id, "Deleted tag group " + group.name());
		edited();
	}

	public TagGroupView group(long id) {
		return groups().stream().filter(g -> g.id() == id).findFirst()
			.orElseThrow(() -> new NotFoundException("Tag group " + id + " not found"));
	}

	Optional<TagView> find(long id) {
		return jdbc.sql("select " + TAG_COLUMNS + " from tag t where t.id = :id and t.corp_id = :corp")
			.param("id", id)
			.optional(TagCatalog::tag);
	}

	private TagView liveTag(long id) {
		TagView tag = tag(id);
		if (tag.deleted()) {
			throw new NotFoundException("Tag " + id + " not found");
		}
		return tag;
	}

	private List<Long> insertTags(long groupId, List<String> names, Timestamp now) {
		List<Long> ids = new ArrayList<>();
		for (String n : names) {
			ids.add(jdbc.sql("insert into tag (corp_id, group_id, name, sort_order, sync_state, changed_at)"
					+ " values (:corp, :g, :name, 0, 'PENDING', :now)").param("g", groupId).param("name", n)
				.param("now", now).insert());
		}
		return ids;
	}

	private void requireRoom(int adding) {
		long live = liveCount();
		if (live + adding > CAP) {
			throw new RuleViolationException("error.tag.cap",
					"WeCom allows at most " + CAP + " corp tags; the corp has " + live + ", so " + adding
							+ " more do not fit. Delete unused tags first.", CAP, live, adding);
		}
	}

	private void edited() {
		events.publishEvent(new TagCatalogEdited(Actors.require().requireCorp()));
	}

	private Timestamp now() {
		return Timestamps.of(clock.instant());
	}

	static String name(String raw) {
		if (raw == null || raw.isBlank() || raw.trim().length() > 30) {
			throw new BadRequestException("error.tag.name", "A tag or group name is 1–30 characters");
		}
		return raw.trim();
	}

	private static List<String> distinctNames(List<String> raw) {
		if (raw == null) {
			return List.of();
		}
		List<String> names = new ArrayList<>();
		for (String r : raw) {
			if (r == null || r.isBlank()) {
				continue;
			}
			String n = name(r);
			if (!names.contains(n)) {
				names.add(n);
			}
		}
		return names;
	}

	/** Refuses an order WeCom would not take (before anything changes). */
	public void checkOrder(long order) {
		requireOrder(order);
	}

	private static void requireOrder(long order) {
		if (order < 0 || order > 4_294_967_295L) {
			throw new BadRequestException("error.tag.order", "An order is between 0 and 4294967295");
		}
	}

	static TagView tag(ResultSet rs, int i) throws SQLException {
		return new TagView(rs.getLong("id"), rs.getLong("group_id"), rs.getString("name"), rs.getLong("sort_order"),
				rs.getString("wecom_id"), rs.getString("sync_state"), rs.getString("last_error"),
				Timestamps.get(rs, "changed_at"), rs.getTimestamp("deleted_at") != null);
	}

	/** Something in the corp's catalog changed in Siyu: push it to WeCom after commit. */
	record TagCatalogEdited(long corpId) {
	}
}
