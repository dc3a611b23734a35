package io.siyu.community;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.siyu.customer.Customers;
import io.siyu.customer.CustomersMerged;
import io.siyu.organization.StaffChanged;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffPlacement;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.GroupInfo;
import io.siyu.wecom.GroupsFetched;
import io.siyu.wecom.GroupsSyncCompleted;

/**
 * Stores groups read from WeCom (sync pages and re-reads after callbacks) inside the transaction that records them.
 * Members are replaced by difference only when WeCom's {@code member_version} moved, so an unchanged group costs one
 * read. Membership changes themselves (joins, leaves, with statistics and timeline) come from callbacks, see
 * {@link GroupMembership}.
 */
@Component
class GroupProjection {

	private final TenantJdbc jdbc;

	private final StaffDirectory staff;

	private final Customers customers;

	private final Clock clock;

	GroupProjection(TenantJdbc jdbc, StaffDirectory staff, Customers customers, Clock clock) {
		this.jdbc = jdbc;
		this.staff = staff;
		this.customers = customers;
		this.clock = clock;
	}

	@EventListener
	void on(GroupsFetched fetched) {
		Actors.runAs(Actor.system(fetched.corpId()),
				() -> fetched.groups().forEach(g -> store(g, fetched.runId(), fetched.readAt().getEpochSecond())));
	}

	@EventListener
	void on(GroupsSyncCompleted done) {
		Actors.runAs(Actor.system(done.corpId()), () -> jdbc.sql("update customer_group set dismissed = true,"
				+ " updated_at = :now where corp_id = :corp and dismissed = false and (seen_run is null or seen_run <> :run)"
				+ " and (last_event_time is null or last_event_time < :started) and {unscoped}")
			.param("now", Timestamps.of(clock.instant()))
			.param("run", done.runId())
			.param("started", done.runStartedAt().getEpochSecond())
			.update());
	}

	/** Groups follow their owner to another unit. */
	@EventListener
	void on(StaffChanged changed) {
		Actors.runAs(Actor.system(changed.corpId()), () -> jdbc.sql("update customer_group set owner_staff_id = :staff,"
				+ " owner_unit_id = :unit where corp_id = :corp and owner_userid = :userid and (owner_staff_id is null"
				+ " or owner_unit_id is null or owner_staff_id <> :staff or owner_unit_id <> :unit) and {unscoped}")
			.param("staff", changed.staffId())
			.param("unit", changed.orgUnitId())
			.param("userid", changed.userid())
			.update());
	}

	@EventListener
	void on(CustomersMerged merged) {
		Actors.runAs(Actor.system(merged.corpId()), () -> jdbc.sql("update group_member set customer_id = :kept"
				+ " where corp_id = :corp and customer_id = :merged")
			.param("kept", merged.keptId())
			.param("merged", merged.mergedId())
			.update());
	}

	private void store(GroupInfo g, Long runId, long readAt) {
		Timestamp now = Timestamps.of(clock.instant());
		StaffPlacement owner = g.owner() == null ? null : staff.placements(List.of(g.owner())).get(g.owner());
		Optional<Stored> stored = jdbc.sql("select id, name, owner_userid, notice, status, member_version, last_event_time"
				+ " from customer_group"
				+ " where corp_id = :corp and chat_id = :chat and {unscoped}")
			.param("chat", g.chatId())
			.optional((rs, i) -> new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getInt(5), rs.getString(6), Timestamps.nullableLong(rs, "last_event_time")));
		long id;
		if (stored.isEmpty()) {
			jdbc.sql("insert into customer_group (corp_id, chat_id, name, owner_userid, owner_staff_id, owner_unit_id, notice,"
					+ " created_at, status, dismissed, member_version, seen_run, updated_at) values (:corp, :chat, :name,"
					+ " :owner, :ownerStaff, :ownerUnit, :notice, :created, :status, false, :version, :run, :now)"
					+ " on conflict do nothing")
				.param("chat", g.chatId())
				.param("name", g.name())
				.param("owner", g.owner())
				.param("ownerStaff", owner == null ? null : owner.staffId())
				.param("ownerUnit", owner == null ? null : owner.orgUnitId())
				.param("notice", g.notice())
				.param("created", Timestamps.of(g.createdAt()))
				.param("status", g.status() == null ? 0 : g.status())
				.param("version", null)
				.param("run", runId)
				.param("now", now)
				.update();
			id = jdbc.sql("select id from customer_group where corp_id = :corp and chat_id = :chat and {unscoped}")
				.param("chat", g.chatId()).value(Long.class).orElseThrow();
		}
		else {
			Stored s = stored.get();
			id = s.id();
			jdbc.sql("update customer_group set name = :name, owner_userid = :owner, owner_staff_id = :ownerStaff,"
					+ " owner_unit_id = :ownerUnit, notice = :notice, status = coalesce(:status, status),"
					+ " seen_run = coalesce(:run, seen_run), dismissed = false, updated_at = case when :changed then :now"
					+ " else updated_at end where id = :id and corp_id = :corp and {unscoped}")
				.param("name", g.name())
				.param("owner", g.owner())
				.param("ownerStaff", owner == null ? null : owner.staffId())
				.param("ownerUnit", owner == null ? null : owner.orgUnitId())
				.param("notice", g.notice())
				.param("status", g.status())
				.param("run", runId)
				.param("changed", !Objects.equals(s.name(), g.name()) || !Objects.equals(s.owner(), g.owner())
						|| !Objects.equals(s.notice(), g.notice()))
				.param("now", now)
				.param("id", id)
				.update();
			if (Objects.equals(s.memberVersion(), g.memberVersion()) && g.memberVersion() != null) {
				return;
			}
			if (s.lastEventTime() != null && s.lastEventTime() >= readAt) {
				return; // a membership callback newer than this read was applied; the next read catches up
			}
		}
		replaceMembers(id, g);
	}

	/** Brings the stored members to WeCom's list by difference (join details of members who stay are kept). */
	private void replaceMembers(long groupId, GroupInfo g) {
		Set<String> stored = new HashSet<>(jdbc.sql("select member_id from group_member where corp_id = :corp"
				+ " and group_id = :g").param("g", groupId).list((rs, i) -> rs.getString(1)));
		Set<String> current = new HashSet<>();
		List<GroupInfo.Member> added = new ArrayList<>();
		for (GroupInfo.Member m : g.members()) {
			current.add(m.memberId());
			if (!stored.contains(m.memberId())) {
				added.add(m);
			}
		}
		List<String> gone = stored.stream().filter(m -> !current.contains(m)).toList();
		for (int from = 0; from < gone.size(); from += 500) {
			jdbc.sql("delete from group_member where corp_id = :corp and group_id = :g and member_id in (:m)")
				.param("g", groupId)
				.param("m", gone.subList(from, Math.min(gone.size(), from + 500)))
				.update();
		}
		Map<String, Long> customerIds = customers.idsOf(added.stream().filter(m -> m.type() == 2)
			.map(GroupInfo.Member::memberId).toList());
		List<Map<String, Object>> rows = new ArrayList<>();
		for (GroupInfo.Member m : added) {
			Map<String, Object> row = new HashMap<>();
			row.put("g", groupId);
			row.put("member", m.memberId());
			row.put("type", m.type());
			row.put("customer", customerIds.get(m.memberId()));
			row.put("unionid", m.unionid());
			row.put("name", m.name());
			row.put("joined", Timestamps.of(m.joinedAt()));
			row.put("scene", m.joinScene());
			row.put("invitor", m.invitor());
			row.put("state", m.state());
			rows.add(row);
		}
		jdbc.sql("insert into group_member (corp_id, group_id, member_id, type, customer_id, unionid, name, join_time,"
				+ " join_scene, invitor, state) values (:corp, :g, :member, :type, :customer, :unionid, :name, :joined,"
				+ " :scene, :invitor, :state) on conflict do nothing").batch(rows);
		GroupCounts.refresh(jdbc, groupId, g.memberVersion());
	}

	private record Stored(long id, String name, String owner, String notice, int status, String memberVersion,
			Long lastEventTime) {
	}
}
