package io.siyu.customer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.siyu.shared.Actors;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Which tags each customer carries, per relation as in WeCom. The tagging module owns the tags themselves and decides
 * when to mark them in WeCom; this stores the outcome, writes the timeline and tells the rest of Siyu.
 */
@Service
public class CustomerTags {

	/** The userid of tags Siyu holds for a customer who has no relation yet (imports). */
	public static final String NO_RELATION = "";

	private final TenantJdbc jdbc;

	private final Timeline timeline;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	CustomerTags(TenantJdbc jdbc, Timeline timeline, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.timeline = timeline;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The tags WeCom reports on relations (a sync page or a re-read after a callback): each listed relation's tags
	 * become exactly these. Changes to relations that already had tags stored go on the timeline (a first sync does
	 * not flood it). A tag Siyu recorded after {@code readAt} (the instant WeCom was asked; null: unknown) is newer than
	 * WeCom's list and stays: a re-read that raced an auto-tag must not undo it. For the system (inside the transaction
	 * that stores the page).
	 */
	public void replaceFromWeCom(List<RelationTags> relations, Instant readAt) {
		if (relations.isEmpty()) {
			return;
		}
		Map<String, Long> ids = new HashMap<>();
		jdbc.sql("select id, external_userid from customer where external_userid in (:ext) and corp_id + 0 = :corp and "
				+ CustomerScope.system())
			.param("ext", relations.stream().map(RelationTags::externalUserId).distinct().toList())
			.list((rs, i) -> ids.put(rs.getString(2), rs.getLong(1)));
		if (ids.isEmpty()) {
			return;
		}
		Map<String, Set<Long>> stored = new HashMap<>();
		Set<String> newer = new HashSet<>();
		Set<Long> customersWithTags = new HashSet<>();
		jdbc.sql("select customer_id, userid, tag_id, tagged_at from customer_tag where customer_id in (:ids)"
				+ " and corp_id + 0 = :corp and " + CustomerScope.system())
			.param("ids", ids.values())
			.list((rs, i) -> {
				customersWithTags.add(rs.getLong(1));
				Timestamp taggedAt = rs.getTimestamp(4);
				if (readAt != null && taggedAt != null && taggedAt.toInstant().isAfter(readAt)) {
					newer.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getLong(3));
				}
				return stored.computeIfAbsent(rs.getLong(1) + " " + rs.getString(2), k -> new HashSet<>()).add(rs.getLong(3));
			});
		Timestamp now = Timestamps.of(clock.instant());
		List<Map<String, Object>> inserts = new ArrayList<>();
		List<Map<String, Object>> deletes = new ArrayList<>();
		List<Timeline.NewEvent> notes = new ArrayList<>();
		Set<Long> changed = new LinkedHashSet<>();
		for (RelationTags r : relations) {
			Long customerId = ids.get(r.externalUserId());
			if (customerId == null) {
				continue;
			}
			Set<Long> before = stored.getOrDefault(customerId + " " + r.userid(), Set.of());
			boolean record = customersWithTags.contains(customerId);
			for (Long tag : r.tagIds()) {
				if (!before.contains(tag)) {
					inserts.add(row(customerId, r.userid(), tag, "WECOM", now));
					changed.add(customerId);
					if (record) {
						notes.add(new Timeline.NewEvent(customerId, TimelineKinds.TAGGED, now.toInstant(), r.userid(),
								String.valueOf(tag), null, "wecom"));
					}
				}
			}
			for (Long tag : before) {
				if (!r.tagIds().contains(tag) && !newer.contains(customerId + " " + r.userid() + " " + tag)) {
					deletes.add(row(customerId, r.userid(), tag, null, now));
					changed.add(customerId);
					notes.add(new Timeline.NewEvent(customerId, TimelineKinds.UNTAGGED, now.toInstant(), r.userid(),
							String.valueOf(tag), null, "wecom"));
				}
			}
		}
		write(inserts, deletes);
		timeline.appendAll(notes);
		if (!changed.isEmpty()) {
			events.publishEvent(new CustomersChanged(Actors.require().requireCorp(), List.copyOf(changed)));
		}
	}

	/**
	 * The customer's relations WeCom can mark tags on (active ones) that the actor may act on (see
	 * {@code CustomerScope.relationInScope}), as (userid, external_userid).
	 */
	public List<Relation> activeRelations(long customerId) {
		Actors.require(Permission.CUSTOMERS_READ);
		return jdbc.sql("select f.userid, c.external_userid from customer_follow f join customer c on c.id = f.customer_id"
				+ " where f.customer_id = :id and f.corp_id = :corp and f.active = true and c.external_userid is not null"
				+ " and " + CustomerScope.relationInScope("f") + " order by f.added_at, f.userid")
			.param("id", customerId)
			.list((rs, i) -> new Relation(customerId, rs.getString(1), rs.getString(2)));
	}

	/** Active relations of many customers at once (for bulk jobs), by customer id. */
	public Map<Long, List<Relation>> activeRelations(Collection<Long> customerIds) {
		Actors.require(Permission.CUSTOMERS_READ);
		Map<Long, List<Relation>> result = new HashMap<>();
		if (customerIds.isEmpty()) {
			return result;
		}
		jdbc.sql("select f.customer_id, f.userid, c.external_userid from customer_follow f join customer c"
				+ " on c.id = f.customer_id where f.customer_id in (:ids) and f.corp_id = :corp and f.active = true"
				+ " and c.external_userid is not null and " + CustomerScope.relationInScope("f")
				+ " order by f.customer_id, f.added_at, f.userid")
			.param("ids", customerIds)
			.list((rs, i) -> result.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
				.add(new Relation(rs.getLong(1), rs.getString(2), rs.getString(3))));
		return result;
	}

	/**
	 * Records tags added to and removed from one relation of a customer ({@link #NO_RELATION} for tags Siyu holds
	 * itself), after WeCom accepted them. Idempotent: adding a present tag or removing an absent one changes nothing.
	 * Returns whether anything changed.
	 */
	public boolean record(long customerId, String userid, Collection<Long> add, Collection<Long> remove, String source) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		if (jdbc.sql("select count(*) from customer c where c.id = :id and c.corp_id = :corp and "
				+ CustomerScope.visible("c.id")).param("id", customerId).count() == 0) {
			throw new NotFoundException("Customer " + customerId + " not found");
		}
		return io.siyu.shared.Actors.callAs(Actors.require().onBehalfAsSystem(),
				() -> recordChecked(customerId, userid, add, remove, source));
	}

	private boolean recordChecked(long customerId, String userid, Collection<Long> add, Collection<Long> remove,
			String source) {
		Set<Long> before = new HashSet<>(jdbc.sql("select tag_id from customer_tag where customer_id = :id"
				+ " and corp_id = :corp and userid = :userid and " + CustomerScope.system())
			.param("id", customerId)
			.param("userid", userid)
			.list((rs, i) -> rs.getLong(1)));
		Timestamp now = Timestamps.of(clock.instant());
		List<Map<String, Object>> inserts = new ArrayList<>();
		List<Map<String, Object>> deletes = new ArrayList<>();
		List<Timeline.NewEvent> notes = new ArrayList<>();
		for (Long tag : new LinkedHashSet<>(add)) {
			if (before.add(tag)) {
				inserts.add(row(customerId, userid, tag, source, now));
				notes.add(new Timeline.NewEvent(customerId, TimelineKinds.TAGGED, now.toInstant(), blankToNull(userid),
						String.valueOf(tag), null, source));
			}
		}
		for (Long tag : new LinkedHashSet<>(remove)) {
			if (before.remove(tag)) {
				deletes.add(row(customerId, userid, tag, null, now));
				notes.add(new Timeline.NewEvent(customerId, TimelineKinds.UNTAGGED, now.toInstant(), blankToNull(userid),
						String.valueOf(tag), null, source));
			}
		}
		write(inserts, deletes);
		timeline.appendAll(notes);
		if (notes.isEmpty()) {
			return false;
		}
		events.publishEvent(new CustomersChanged(Actors.require().requireCorp(), List.of(customerId)));
		return true;
	}

	/** Tag ids the customer carries on any relation. */
	public Set<Long> tagsOf(long customerId) {
		Actors.require(Permission.CUSTOMERS_READ);
		return new LinkedHashSet<>(jdbc.sql("select distinct t.tag_id from customer_tag t where t.customer_id = :id"
				+ " and t.corp_id = :corp and " + CustomerScope.visible("t.customer_id") + " order by t.tag_id")
			.param("id", customerId)
			.list((rs, i) -> rs.getLong(1)));
	}

	/** Tags Siyu holds for the customer until a relation exists (see {@link #NO_RELATION}). */
	public Set<Long> heldTags(long customerId) {
		Actors.require(Permission.CUSTOMERS_READ);
		return new LinkedHashSet<>(jdbc.sql("select t.tag_id from customer_tag t where t.customer_id = :id"
				+ " and t.corp_id = :corp and t.userid = '' and " + CustomerScope.visible("t.customer_id"))
			.param("id", customerId)
			.list((rs, i) -> rs.getLong(1)));
	}

	/** Customers per tag within the actor's scope (tag statistics). */
	public Map<Long, Long> customersPerTag() {
		Actors.require(Permission.CUSTOMERS_READ);
		Map<Long, Long> counts = new HashMap<>();
		jdbc.sql("select t.tag_id, count(distinct t.customer_id) from customer_tag t where t.corp_id = :corp and "
				+ CustomerScope.visibleAmong("t.customer_id") + " group by t.tag_id")
			.list((rs, i) -> counts.put(rs.getLong(1), rs.getLong(2)));
		return counts;
	}

	/** A tag was deleted: it leaves every customer (WeCom removes it from customers itself). Returns how many. */
	public int forget(long tagId) {
		List<Long> customers = jdbc.sql("select distinct customer_id from customer_tag where corp_id = :corp"
				+ " and tag_id = :tag and " + CustomerScope.system()).param("tag", tagId).list((rs, i) -> rs.getLong(1));
		jdbc.sql("delete from customer_tag where corp_id = :corp and tag_id = :tag and " + CustomerScope.system())
			.param("tag", tagId)
			.update();
		if (!customers.isEmpty()) {
			events.publishEvent(new CustomersChanged(Actors.require().requireCorp(), customers));
		}
		return customers.size();
	}

	private void write(List<Map<String, Object>> inserts, List<Map<String, Object>> deletes) {
		jdbc.sql("insert into customer_tag (corp_id, customer_id, tag_id, userid, tagged_at, source)"
				+ " values (:corp, :customer, :tag, :userid, :now, :source) on conflict do nothing").batch(inserts);
		jdbc.sql("delete from customer_tag where corp_id = :corp and customer_id = :customer and tag_id = :tag"
				+ " and userid = :userid and " + CustomerScope.system()).batch(deletes);
	}

	private static Map<String, Object> row(long customerId, String userid, long tag, String source, Timestamp now) {
		Map<String, Object> row = new HashMap<>();
		row.put("customer", customerId);
		row.put("userid", userid);
		row.put("tag", tag);
		row.put("source", source == null ? "WECOM" : source);
		row.put("now", now);
		return row;
	}

	private static String blankToNull(String s) {
		return s == null || s.isEmpty() ? null : s;
	}

	/** The tags WeCom reports on one relation. */
	public record RelationTags(String externalUserId, String userid, Set<Long> tagIds) {
	}

	/** A relation on which WeCom can mark tags. */
	public record Relation(long customerId, String userid, String externalUserId) {
	}
}
