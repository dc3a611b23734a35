package io.siyu.community;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.siyu.customer.Customers;
import io.siyu.customer.Timeline;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.GroupChanged;

/**
 * Applies WeCom's group callbacks (created, members joined or left, dismissed) inside the transaction that marks the
 * callback processed. The inbox processes each distinct callback once (WeCom's repeats are the same message), so
 * each join or leave is counted once in the daily statistics and written once to the timeline. A late or reordered
 * event never undoes a newer one (member join times guard it), and a re-read of the group made before a membership
 * event does not overwrite it ({@code last_event_time}, see {@link GroupProjection}). Details (name, owner, notice)
 * follow from the group re-read after commit.
 */
@Component
class GroupMembership {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private final TenantJdbc jdbc;

	private final Customers customers;

	private final Timeline timeline;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	GroupMembership(TenantJdbc jdbc, Customers customers, Timeline timeline, ApplicationEventPublisher events,
			Clock clock) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.timeline = timeline;
		this.events = events;
		this.clock = clock;
	}

	@EventListener
	void on(GroupChanged changed) {
		Actors.runAs(Actor.system(changed.corpId()), () -> apply(changed));
	}

	private void apply(GroupChanged changed) {
		long t = changed.at().getEpochSecond();
		long groupId = groupFor(changed.chatId(), t);
		if (changed.kind() == GroupChanged.Kind.DISMISSED) {
			jdbc.sql("update customer_group set dismissed = true, last_event_time = :t, updated_at = :now where id = :g"
					+ " and corp_id = :corp and (last_event_time is null or last_event_time <= :t) and {unscoped}")
				.param("t", t)
				.param("now", Timestamps.of(clock.instant()))
				.param("g", groupId)
				.update();
			return;
		}
		boolean join = "add_member".equals(changed.detail());
		boolean leave = "del_member".equals(changed.detail());
		if (!join && !leave) {
			return;
		}
		Map<String, Long> customerIds = customers.idsOf(changed.members().stream().filter(GroupMembership::external).toList());
		Integer scene = changed.joinScene() == null ? null : changed.joinScene() == 3 ? 3 : 1;
		for (String member : changed.members()) {
			if (join) {
				int inserted = jdbc.sql("insert into group_member (corp_id, group_id, member_id, type, customer_id, join_time,"
						+ " join_scene) values (:corp, :g, :m, :type, :customer, :at, :scene) on conflict do nothing")
					.param("g", groupId)
					.param("m", member)
					.param("type", external(member) ? 2 : 1)
					.param("customer", customerIds.get(member))
					.param("at", Timestamps.of(changed.at()))
					.param("scene", scene)
					.update();
				if (inserted == 0) {
					// present already (a re-read saw the join first): this event's time and scene are the join's
					jdbc.sql("update group_member set join_time = :at, join_scene = coalesce(:scene, join_scene)"
							+ " where corp_id = :corp and group_id = :g and member_id = :m and (join_time is null or join_time <= :at)")
						.param("g", groupId).param("m", member).param("at", Timestamps.of(changed.at())).param("scene", scene)
						.update();
				}
			}
			else {
				// a late leave must not remove a member who joined again after it
				jdbc.sql("delete from group_member where corp_id = :corp and group_id = :g and member_id = :m"
						+ " and (join_time is null or join_time <= :at)")
					.param("g", groupId)
					.param("m", member)
					.param("at", Timestamps.of(changed.at()))
					.update();
			}
		}
		// every distinct callback is processed exactly once (the inbox de-duplicates WeCom's repeats), so the event is
		// counted as such, whatever a concurrent re-read of the group already did to the member list
		int count = changed.members().size();
		jdbc.sql("update customer_group set last_event_time = :t where id = :g and corp_id = :corp"
				+ " and (last_event_time is null or last_event_time < :t) and {unscoped}")
			.param("t", t)
			.param("g", groupId)
			.update();
		GroupCounts.refresh(jdbc, groupId, null);
		countDay(groupId, changed.at().atZone(CHINA).toLocalDate(), join ? count : 0, leave ? count : 0);
		List<Long> affected = changed.members().stream().map(customerIds::get).filter(java.util.Objects::nonNull).toList();
		String kind = join ? GroupTimelineKinds.GROUP_JOINED : GroupTimelineKinds.GROUP_LEFT;
		for (Long customerId : affected) {
			timeline.append(customerId, kind, changed.at(), null, changed.chatId(), null,
					join ? "join_scene=" + scene : "quit_scene=" + changed.quitScene());
		}
		if (!affected.isEmpty()) {
			events.publishEvent(new GroupMembershipChanged(changed.corpId(), groupId, changed.chatId(), join, affected,
					scene, changed.at()));
			events.publishEvent(new io.siyu.customer.CustomersChanged(changed.corpId(), affected));
		}
	}

	/** Adds joins and leaves to the group's day and records its member count at that moment. */
	private void countDay(long groupId, LocalDate day, int joins, int leaves) {
		int members = jdbc.sql("select members from customer_group where id = :g and corp_id = :corp and {unscoped}")
			.param("g", groupId).value(Integer.class).orElse(0);
		java.sql.Date date = java.sql.Date.valueOf(day);
		int updated = jdbc.sql("update group_daily_stat set joins = joins + :j, leaves = leaves + :l, members = :m"
				+ " where corp_id = :corp and group_id = :g and stat_day = :d")
			.param("j", joins).param("l", leaves).param("m", members).param("g", groupId).param("d", date).update();
		if (updated == 0) {
			int inserted = jdbc.sql("insert into group_daily_stat (corp_id, group_id, stat_day, members, joins, leaves)"
					+ " values (:corp, :g, :d, :m, :j, :l) on conflict do nothing")
				.param("j", joins).param("l", leaves).param("m", members).param("g", groupId).param("d", date).update();
			if (inserted == 0) {
				countDay(groupId, day, joins, leaves); // a concurrent event created the day first
			}
		}
	}

	/** The group's id; a bare row when a callback comes before the group was synced (details follow by re-read). */
	private long groupFor(String chatId, long t) {
		Optional<Long> id = jdbc.sql("select id from customer_group where corp_id = :corp and chat_id = :chat and {unscoped}")
			.param("chat", chatId).value(Long.class);
		if (id.isPresent()) {
			return id.get();
		}
		Timestamp now = Timestamps.of(clock.instant());
		jdbc.sql("insert into customer_group (corp_id, chat_id, status, dismissed, last_event_time, updated_at)"
				+ " values (:corp, :chat, 0, false, :t, :now) on conflict do nothing")
			.param("chat", chatId)
			.param("t", t)
			.param("now", now)
			.update();
		return jdbc.sql("select id from customer_group where corp_id = :corp and chat_id = :chat and {unscoped}")
			.param("chat", chatId).value(Long.class).orElseThrow();
	}

	/** WeCom's external user ids start with "wm" or "wo"; staff userids are the corp's own. */
	static boolean external(String memberId) {
		return memberId.startsWith("wm") || memberId.startsWith("wo");
	}
}
