package io.siyu.tagging;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.CorpTagsFetched;

/**
 * Applies WeCom's complete tag list to the catalog, with one rule for conflicts:
 * <ol>
 * <li>A deletion wins, on either side: a tag WeCom no longer has is deleted in Siyu (and leaves every customer); a
 * tag deleted in Siyu but not yet in WeCom stays deleted and its deletion is pushed.</li>
 * <li>Otherwise the newer change wins: a Siyu change still PENDING that was made after WeCom's list was read
 * ({@code changed_at > fetchedAt}) is kept and pushed; in every other case WeCom's name, order and group win.</li>
 * <li>A tag WeCom has and Siyu does not is created in Siyu; if a PENDING Siyu tag of the same group has its name
 * (a create whose answer was lost), the two are the same tag.</li>
 * </ol>
 */
@Component
class TagMirror {

	private final TenantJdbc jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	TagMirror(TenantJdbc jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	@EventListener
	void on(CorpTagsFetched fetched) {
		Actors.runAs(Actor.system(fetched.corpId()), () -> apply(fetched));
	}

	private void apply(CorpTagsFetched fetched) {
		Timestamp now = Timestamps.of(clock.instant());
		List<Row> groups = rows("tag_group", "0 as group_id");
		List<Row> tags = rows("tag", "group_id");
		Set<String> seenGroups = new HashSet<>();
		Set<String> seenTags = new HashSet<>();
		for (CorpTagsFetched.Group g : fetched.groups()) {
			seenGroups.add(g.id());
			long groupId = upsert("tag_group", groups, g.id(), g.name(), g.order(), 0, fetched.fetchedAt(), now);
			for (CorpTagsFetched.Tag t : g.tags()) {
				seenTags.add(t.id());
				upsert("tag", tags, t.id(), t.name(), t.order(), groupId, fetched.fetchedAt(), now);
			}
		}
		List<Long> deletedTags = new ArrayList<>();
		for (Row t : tags) {
			if (t.wecomId() != null && !seenTags.contains(t.wecomId()) && !t.deletedSynced()) {
				if (t.deletedAt() == null) {
					deletedTags.add(t.id());
				}
				markDeleted("tag", t.id(), now);
			}
		}
		for (Row g : groups) {
			if (g.wecomId() != null && !seenGroups.contains(g.wecomId()) && !g.deletedSynced()) {
				markDeleted("tag_group", g.id(), now);
			}
		}
		if (!deletedTags.isEmpty()) {
			events.publishEvent(new TagsDeleted(fetched.corpId(), deletedTags));
		}
	}

	/** Applies one WeCom group or tag; returns the Siyu id. */
	private long upsert(String table, List<Row> rows, String wecomId, String name, long order, long groupId,
			Instant fetchedAt, Timestamp now) {
		Optional<Row> byId = rows.stream().filter(r -> wecomId.equals(r.wecomId())).findFirst();
		Optional<Row> row = byId.isPresent() ? byId
				: rows.stream()
					.filter(r -> r.wecomId() == null && r.deletedAt() == null && r.name().equals(name)
							&& (table.equals("tag_group") || r.groupId() == groupId))
					.findFirst();
		if (row.isEmpty()) {
			long id = jdbc.sql("insert into " + table + " (corp_id, " + (table.equals("tag") ? "group_id, " : "")
					+ "name, sort_order, wecom_id, sync_state, changed_at) values (:corp, "
					+ (table.equals("tag") ? ":g, " : "") + ":name, :order, :wecom, 'SYNCED', :now)")
				.param("g", groupId)
				.param("name", name)
				.param("order", order)
				.param("wecom", wecomId)
				.param("now", now)
				.insert();
			rows.add(new Row(id, wecomId, name, order, groupId, "SYNCED", now.toInstant(), null));
			return id;
		}
		Row r = row.get();
		if (r.deletedAt() != null) {
			return r.id(); // deleted in Siyu: the deletion wins and is pushed (or was, and WeCom lags)
		}
		boolean siyuNewer = "PENDING".equals(r.syncState()) && r.changedAt().isAfter(fetchedAt);
		if (siyuNewer && r.wecomId() != null) {
			return r.id();
		}
		if (siyuNewer) {
			// a create whose answer was lost: now we know WeCom's id; the rest of the change is still to be pushed
			jdbc.sql("update " + table + " set wecom_id = :wecom where id = :id and corp_id = :corp")
				.param("wecom", wecomId)
				.param("id", r.id())
				.update();
			return r.id();
		}
		if (!Objects.equals(r.wecomId(), wecomId) || !r.name().equals(name) || r.order() != order
				|| (table.equals("tag") && r.groupId() != groupId) || !"SYNCED".equals(r.syncState())) {
			jdbc.sql("update " + table + " set wecom_id = :wecom, name = :name, sort_order = :order, sync_state = 'SYNCED',"
					+ " last_error = null, changed_at = :now" + (table.equals("tag") ? ", group_id = :g" : "")
					+ " where id = :id and corp_id = :corp")
				.param("wecom", wecomId)
				.param("name", name)
				.param("order", order)
				.param("now", now)
				.param("g", groupId)
				.param("id", r.id())
				.update();
		}
		return r.id();
	}

	private void markDeleted(String table, long id, Timestamp now) {
		jdbc.sql("update " + table + " set deleted_at = coalesce(deleted_at, :now), sync_state = 'SYNCED',"
				+ " last_error = null, changed_at = :now where id = :id and corp_id = :corp and (deleted_at is null"
				+ " or sync_state <> 'SYNCED')")
			.param("now", now)
			.param("id", id)
			.update();
	}

	private List<Row> rows(String table, String groupColumn) {
		return new ArrayList<>(jdbc.sql("select id, wecom_id, name, sort_order, " + groupColumn
				+ ", sync_state, changed_at, deleted_at from " + table + " where corp_id = :corp")
			.list((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
					rs.getString(6), Timestamps.get(rs, "changed_at"), Timestamps.get(rs, "deleted_at"))));
	}

	private record Row(long id, String wecomId, String name, long order, long groupId, String syncState,
			Instant changedAt, Instant deletedAt) {

		boolean deletedSynced() {
			return deletedAt != null && "SYNCED".equals(syncState);
		}
	}
}
