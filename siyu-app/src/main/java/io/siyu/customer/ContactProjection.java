package io.siyu.customer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffPlacement;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.ContactProfile;
import io.siyu.wecom.ContactsFetched;
import io.siyu.wecom.ContactsSyncCompleted;
import io.siyu.wecom.FollowInfo;

/**
 * Stores customers and follow relations read from WeCom (sync pages and re-reads after callbacks), inside the
 * transaction that records them. Reads what is stored for the page, then writes only differences in JDBC batches.
 * A page never ends a relation that a callback applied after the page was read ({@code readAt}).
 */
@Component
class ContactProjection {

	private static final String CUSTOMER_COLUMNS = "name, avatar, type, gender, unionid, corp_name";

	private static final String FOLLOW_COLUMNS = "remark, description, added_at, add_way, state";

	private final TenantJdbc jdbc;

	private final StaffDirectory staff;

	private final Timeline timeline;

	private final CustomerIdentities identities;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ContactProjection(TenantJdbc jdbc, StaffDirectory staff, Timeline timeline, CustomerIdentities identities,
			ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.staff = staff;
		this.timeline = timeline;
		this.identities = identities;
		this.events = events;
		this.clock = clock;
	}

	@EventListener
	@Order(0)
	void on(ContactsFetched page) {
		if (page.contacts().isEmpty()) {
			return;
		}
		Actors.runAs(Actor.system(page.corpId()), () -> store(page));
	}

	@EventListener
	void on(ContactsSyncCompleted done) {
		Actors.runAs(Actor.system(done.corpId()), () -> {
			Timestamp now = Timestamps.of(clock.instant());
			List<Long> ended = jdbc.sql("select customer_id from customer_follow where corp_id = :corp and active = true"
					+ " and (seen_run is null or seen_run <> :run) and (last_event_time is null or last_event_time < :started)"
					+ " and " + CustomerScope.system())
				.param("run", done.runId())
				.param("started", done.runStartedAt().getEpochSecond())
				.list((rs, i) -> rs.getLong(1));
			if (ended.isEmpty()) {
				return;
			}
			jdbc.sql("update customer_follow set active = false, end_reason = 'GONE', ended_at = :now, updated_at = :now"
					+ " where corp_id = :corp and active = true and (seen_run is null or seen_run <> :run)"
					+ " and (last_event_time is null or last_event_time < :started) and " + CustomerScope.system())
				.param("run", done.runId())
				.param("started", done.runStartedAt().getEpochSecond())
				.param("now", now)
				.update();
			List<Long> distinct = List.copyOf(new LinkedHashSet<>(ended));
			FollowCounts.refresh(jdbc, distinct);
			events.publishEvent(new CustomersChanged(done.corpId(), distinct));
		});
	}

	private void store(ContactsFetched page) {
		Timestamp now = Timestamps.of(clock.instant());
		Map<String, Long> ids = storeCustomers(page.contacts(), now);
		List<Long> touched = storeFollows(page, ids, now);
		identities.adoptPhones(page.follows(), ids);
		if (!touched.isEmpty()) {
			FollowCounts.refresh(jdbc, touched);
		}
		events.publishEvent(new CustomersChanged(page.corpId(), List.copyOf(ids.values())));
	}

	/** Upserts the page's customers; returns their ids by external_userid. */
	private Map<String, Long> storeCustomers(List<ContactProfile> contacts, Timestamp now) {
		Map<String, ContactProfile> byExternal = new HashMap<>();
		contacts.forEach(c -> byExternal.putIfAbsent(c.externalUserId(), c));
		Map<String, Long> ids = new HashMap<>();
		Map<String, List<Object>> stored = new HashMap<>();
		// "corp_id + 0": H2 would otherwise scan the corp through the unique (corp_id, external_userid) index
		jdbc.sql("select id, external_userid, " + CUSTOMER_COLUMNS + " from customer where external_userid in (:ids)"
				+ " and corp_id + 0 = :corp and " + CustomerScope.system())
			.param("ids", byExternal.keySet())
			.list((rs, i) -> {
				ids.put(rs.getString(2), rs.getLong(1));
				return stored.put(rs.getString(2), values(rs.getString(3), rs.getString(4), (Number) rs.getObject(5),
						(Number) rs.getObject(6), rs.getString(7), rs.getString(8)));
			});
		Map<String, ContactProfile> missing = new HashMap<>();
		byExternal.forEach((ext, c) -> {
			if (!ids.containsKey(ext)) {
				missing.put(ext, c);
			}
		});
		ids.putAll(identities.adoptByUnionid(missing.values(), now));
		List<Map<String, Object>> inserts = new ArrayList<>();
		List<Map<String, Object>> updates = new ArrayList<>();
		byExternal.forEach((ext, c) -> {
			if (!ids.containsKey(ext)) {
				inserts.add(customerRow(c, now));
			}
			else if (!Objects.equals(stored.get(ext), values(c.name(), c.avatar(), c.type(), c.gender(), c.unionid(),
					c.corpName()))) {
				updates.add(customerRow(c, now));
			}
		});
		jdbc.sql("insert into customer (corp_id, external_userid, " + CUSTOMER_COLUMNS + ", stage, source, created_at,"
				+ " updated_at) values (:corp, :ext, :name, :avatar, :type, :gender, :unionid, :corpName, 'NEW', 'WECOM',"
				+ " :now, :now) on conflict do nothing").batch(inserts);
		jdbc.sql("update customer set name = coalesce(:name, name), avatar = coalesce(:avatar, avatar),"
				+ " type = coalesce(:type, type), gender = coalesce(:gender, gender), unionid = coalesce(:unionid, unionid),"
				+ " corp_name = coalesce(:corpName, corp_name), updated_at = :now"
				+ " where corp_id = :corp and external_userid = :ext and " + CustomerScope.system()).batch(updates);
		if (!inserts.isEmpty()) {
			jdbc.sql("select id, external_userid from customer where external_userid in (:ids) and corp_id + 0 = :corp"
					+ " and " + CustomerScope.system())
				.param("ids", inserts.stream().map(r -> r.get("ext")).toList())
				.list((rs, i) -> ids.put(rs.getString(2), rs.getLong(1)));
		}
		return ids;
	}

	/** Upserts the page's relations; returns the customers whose relation summary ({@link FollowCounts}) may change. */
	private List<Long> storeFollows(ContactsFetched page, Map<String, Long> ids, Timestamp now) {
		Map<String, Stored> stored = new HashMap<>();
		jdbc.sql("select customer_id, userid, " + FOLLOW_COLUMNS + ", active, end_reason, last_event_time, staff_id"
				+ " from customer_follow where customer_id in (:ids) and corp_id + 0 = :corp and " + CustomerScope.system())
			.param("ids", ids.values())
			.list((rs, i) -> stored.put(rs.getLong(1) + " " + rs.getString(2), new Stored(
					values(rs.getString(3), rs.getString(4), rs.getTimestamp(5), (Number) rs.getObject(6), rs.getString(7)),
					rs.getBoolean(8), rs.getString(9), Timestamps.nullableLong(rs, "last_event_time"),
					Timestamps.nullableLong(rs, "staff_id"))));
		Map<String, StaffPlacement> placements = staff.placements(
				page.follows().stream().map(FollowInfo::userid).collect(java.util.stream.Collectors.toSet()));
		long readAt = page.readAt().getEpochSecond();
		List<Map<String, Object>> inserts = new ArrayList<>();
		List<Map<String, Object>> updates = new ArrayList<>();
		Set<Long> touched = new HashSet<>();
		List<Timeline.NewEvent> followed = new ArrayList<>();
		List<CustomerFollowed> published = new ArrayList<>();
		Set<Long> hadRelations = new HashSet<>();
		stored.keySet().forEach(key -> hadRelations.add(Long.valueOf(key.substring(0, key.indexOf(' ')))));
		for (FollowInfo f : page.follows()) {
			Long customerId = ids.get(f.externalUserId());
			if (customerId == null) {
				continue; // a relation without its customer in the page: WeCom sends both together
			}
			Stored before = stored.get(customerId + " " + f.userid());
			StaffPlacement placement = placements.get(f.userid());
			Timestamp addedAt = Timestamps.of(f.addedAt());
			List<Object> values = values(f.remark(), f.description(), addedAt, f.addWay(), f.state());
			boolean endedLater = before != null && !before.active() && before.lastEventTime() != null
					&& before.lastEventTime() >= readAt;
			if (endedLater) {
				continue; // the customer or member ended it after WeCom answered: the callback is newer
			}
			boolean activates = before == null || !before.active();
			Map<String, Object> row = followRow(customerId, f, placement, addedAt, now);
			row.put("run", page.runId());
			row.put("changed", activates || before == null || !values.equals(before.values())
					|| !Objects.equals(before.staffId(), placement == null ? null : placement.staffId()));
			if (before == null) {
				inserts.add(row);
			}
			else if (activates || !values.equals(before.values())
					|| !Objects.equals(before.staffId(), placement == null ? null : placement.staffId())
					|| page.runId() != null) {
				updates.add(row);
			}
			if (activates || countsChange(before, addedAt, f.state())) {
				touched.add(customerId);
			}
			if (activates) {
				Instant at = f.addedAt() == null ? page.readAt() : f.addedAt();
				followed.add(new Timeline.NewEvent(customerId, TimelineKinds.FOLLOWED, at, f.userid(), f.state(), null,
						f.addWay() == null ? null : "add_way=" + f.addWay()));
				if (page.runId() == null) {
					// a full sync reports relations as they are, not as news: reacting to a million historical adds
					// (auto-tags, held tags) would be wrong, and their events would flood the publication registry
					published.add(new CustomerFollowed(page.corpId(), customerId, f.externalUserId(), f.userid(),
							placement == null ? null : placement.staffId(), f.state(), !hadRelations.contains(customerId), false,
							at)); // newCustomer not known here: false, so that nothing is skipped
				}
			}
		}
		jdbc.sql("insert into customer_follow (corp_id, customer_id, userid, staff_id, unit_id, " + FOLLOW_COLUMNS
				+ ", active, seen_run, updated_at) values (:corp, :customer, :userid, :staff, :unit, :remark, :description,"
				+ " :addedAt, :addWay, :state, true, :run, :now) on conflict do nothing").batch(inserts);
		jdbc.sql("update customer_follow set staff_id = :staff, unit_id = :unit, remark = :remark,"
				+ " description = :description, added_at = coalesce(:addedAt, added_at), add_way = coalesce(:addWay, add_way),"
				+ " state = coalesce(:state, state), active = true, end_reason = null, ended_at = null,"
				+ " seen_run = coalesce(:run, seen_run), updated_at = case when :changed then :now else updated_at end"
				+ " where corp_id = :corp and customer_id = :customer and userid = :userid and " + CustomerScope.system())
			.batch(updates);
		timeline.appendAll(followed);
		published.forEach(events::publishEvent);
		return List.copyOf(touched);
	}

	/**
	 * Whether the update changes what {@link FollowCounts} reads of an active relation: when it was added and through
	 * which state (the update keeps both when WeCom sends none). A new remark or description does not: re-reading a
	 * contact after its add callback changes those and nothing the summary holds, and refreshing it costs a write of
	 * the customer row and of every index on it.
	 */
	private static boolean countsChange(Stored before, Timestamp addedAt, String state) {
		return before == null || addedAt != null && !addedAt.toInstant().equals(before.values().get(2))
				|| state != null && !state.equals(before.values().get(4));
	}

	private static Map<String, Object> customerRow(ContactProfile c, Timestamp now) {
		Map<String, Object> row = new HashMap<>();
		row.put("ext", c.externalUserId());
		row.put("name", c.name());
		row.put("avatar", c.avatar());
		row.put("type", c.type());
		row.put("gender", c.gender());
		row.put("unionid", c.unionid());
		row.put("corpName", c.corpName());
		row.put("now", now);
		return row;
	}

	private static Map<String, Object> followRow(long customerId, FollowInfo f, StaffPlacement placement,
			Timestamp addedAt, Timestamp now) {
		Map<String, Object> row = new HashMap<>();
		row.put("customer", customerId);
		row.put("userid", f.userid());
		row.put("staff", placement == null ? null : placement.staffId());
		row.put("unit", placement == null ? null : placement.orgUnitId());
		row.put("remark", f.remark());
		row.put("description", f.description());
		row.put("addedAt", addedAt);
		row.put("addWay", f.addWay());
		row.put("state", f.state());
		row.put("now", now);
		return row;
	}

	/** Column values compared as a list; numbers as longs so Integer and Short from different drivers compare equal. */
	private static List<Object> values(Object... values) {
		Object[] normalized = new Object[values.length];
		for (int i = 0; i < values.length; i++) {
			Object v = values[i];
			normalized[i] = v instanceof Number n && !(v instanceof java.math.BigDecimal) ? (Object) n.longValue()
					: v instanceof Timestamp t ? (Object) t.toInstant() : v;
		}
		return Arrays.asList(normalized);
	}

	private record Stored(List<Object> values, boolean active, String endReason, Long lastEventTime, Long staffId) {
	}
}
