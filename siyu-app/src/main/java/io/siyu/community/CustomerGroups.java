package io.siyu.community;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.siyu.customer.Customers;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffPlacement;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Customer groups of the current corp within the actor's scope (a group belongs to its owner's unit): the list, one
 * group with its members, its daily statistics, and the groups a customer is in.
 */
@Service
public class CustomerGroups {

	private static final String COLUMNS = "g.id, g.chat_id, g.name, g.owner_userid, g.owner_staff_id, g.notice,"
			+ " g.created_at, g.status, g.dismissed, g.members, g.customers";

	private static final String SCOPE = "{scope:g.owner_unit_id,g.owner_staff_id}";

	private final TenantJdbc jdbc;

	private static final int MAX_OF_CUSTOMER = 100;

	private final StaffDirectory staff;

	private final Customers customers;

	CustomerGroups(TenantJdbc jdbc, StaffDirectory staff, Customers customers) {
		this.jdbc = jdbc;
		this.staff = staff;
		this.customers = customers;
	}

	public Page<GroupView> list(GroupFilter filter, PageQuery page) {
		Actors.require(Permission.CUSTOMERS_READ);
		List<String> where = new ArrayList<>(List.of("g.corp_id = :corp", SCOPE));
		if (filter.q() != null && !filter.q().isBlank()) {
			where.add("(lower(g.name) like :q or g.chat_id = :qExact)");
		}
		if (filter.ownerStaffId() != null) {
			where.add("g.owner_staff_id = :owner");
		}
		if (filter.unitId() != null) {
			where.add("g.owner_unit_id in (select x.id from org_unit x join org_unit y on x.path like y.path || '%'"
					+ " where y.id = :unit and y.corp_id = :corp and x.corp_id = :corp)");
		}
		if (filter.dismissed() != null) {
			where.add("g.dismissed = :dismissed");
		}
		String clause = " where " + String.join(" and ", where);
		long total = bind(jdbc.sql("select count(*) from customer_group g" + clause), filter).count();
		List<GroupView> items = bind(jdbc.sql("select " + COLUMNS + " from customer_group g" + clause
				+ " order by g.dismissed, g.members desc, g.id limit :limit offset :offset"), filter)
			.param("limit", page.size())
			.param("offset", page.offset())
			.list(CustomerGroups::map);
		return page.with(named(items), total);
	}

	public GroupView get(long id) {
		Actors.require(Permission.CUSTOMERS_READ);
		return named(jdbc.sql("select " + COLUMNS + " from customer_group g where g.id = :id and g.corp_id = :corp and "
				+ SCOPE).param("id", id).list(CustomerGroups::map)).stream().findFirst()
			.orElseThrow(() -> new NotFoundException("Group " + id + " not found"));
	}

	/** Visible groups by chat id (live codes check which of their groups are full or dismissed); unknown ones left out. */
	public Map<String, GroupView> byChatIds(java.util.Collection<String> chatIds) {
		Actors.require(Permission.CUSTOMERS_READ);
		Map<String, GroupView> found = new java.util.LinkedHashMap<>();
		if (chatIds.isEmpty()) {
			return found;
		}
		named(jdbc.sql("select " + COLUMNS + " from customer_group g where g.corp_id = :corp and g.chat_id in (:chats) and "
				+ SCOPE).param("chats", chatIds).list(CustomerGroups::map)).forEach(g -> found.put(g.chatId(), g));
		return found;
	}

	/** Members of a visible group: staff first, then customers by join time. */
	public Page<GroupMemberView> members(long groupId, PageQuery page) {
		get(groupId);
		long total = jdbc.sql("select count(*) from group_member where corp_id = :corp and group_id = :g")
			.param("g", groupId).count();
		List<GroupMemberView> items = jdbc.sql("select member_id, type, customer_id, name, join_time, join_scene, invitor,"
				+ " state from group_member where corp_id = :corp and group_id = :g order by type, join_time, member_id"
				+ " limit :limit offset :offset")
			.param("g", groupId)
			.param("limit", page.size())
			.param("offset", page.offset())
			.list((rs, i) -> new GroupMemberView(rs.getString(1), rs.getInt(2), Timestamps.nullableLong(rs, "customer_id"),
					rs.getString(4), Timestamps.get(rs, "join_time"), (Integer) intOrNull(rs, "join_scene"),
					rs.getString(7), rs.getString(8)));
		return page.with(items, total);
	}

	/** Daily statistics of a visible group, oldest first, at most 366 days. */
	public List<GroupDay> days(long groupId, LocalDate from, LocalDate to) {
		get(groupId);
		if (from.isAfter(to) || from.plusDays(366).isBefore(to)) {
			throw new BadRequestException("error.group.days", "Choose at most 366 days, from before to");
		}
		return jdbc.sql("select stat_day, members, joins, leaves from group_daily_stat where corp_id = :corp"
				+ " and group_id = :g and stat_day between :from and :to order by stat_day")
			.param("g", groupId)
			.param("from", java.sql.Date.valueOf(from))
			.param("to", java.sql.Date.valueOf(to))
			.list((rs, i) -> new GroupDay(rs.getDate(1).toLocalDate(), rs.getInt(2), rs.getInt(3), rs.getInt(4)));
	}

	/**
	 * Live groups of a visible customer, most recently joined first, at most 100: groups owned within the actor's scope
	 * and, for a member of staff, also the groups they are a member of themselves (they see those in WeCom anyway).
	 */
	public List<CustomerGroupView> of(long customerId) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		customers.requireVisible(customerId);
		String me = myUserid(actor);
		record Row(long id, String chatId, String name, String owner, int members, java.time.Instant joined,
				Integer scene) {
		}
		List<Row> rows = jdbc.sql("select g.id, g.chat_id, g.name, g.owner_userid, g.members, m.join_time, m.join_scene"
				+ " from group_member m join customer_group g on g.id = m.group_id and g.corp_id = :corp"
				+ " where m.corp_id = :corp and m.customer_id = :customer and g.dismissed = false and " + visibleOrMember()
				+ " order by m.join_time desc, g.id desc limit :max")
			.param("customer", customerId)
			.param("me", me)
			.param("max", MAX_OF_CUSTOMER)
			.list((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
					Timestamps.get(rs, "join_time"), (Integer) rs.getObject(7)));
		Map<String, StaffPlacement> owners = Actors.callAs(Actor.system(actor.requireCorp()),
				() -> staff.placements(rows.stream().map(Row::owner).filter(java.util.Objects::nonNull).distinct().toList()));
		return rows.stream().map(r -> {
			StaffPlacement owner = r.owner() == null ? null : owners.get(r.owner());
			return new CustomerGroupView(r.id(), r.chatId(), r.name(), r.owner(), owner == null ? null : owner.name(),
					r.members(), r.joined(), r.scene() == null ? null : r.scene() == 3 ? 3 : 1,
					r.owner() != null && r.owner().equals(me));
		}).toList();
	}

	/** Names of groups by chat id (for timelines), only of groups the actor may see; unknown ones are left out. */
	public Map<String, String> names(java.util.Collection<String> chatIds) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		Map<String, String> names = new java.util.HashMap<>();
		if (chatIds.isEmpty()) {
			return names;
		}
		jdbc.sql("select g.chat_id, g.name from customer_group g where g.corp_id = :corp and g.chat_id in (:chats) and "
				+ visibleOrMember())
			.param("chats", chatIds)
			.param("me", myUserid(actor))
			.list((rs, i) -> names.put(rs.getString(1), rs.getString(2)));
		return names;
	}

	/** Owned within the actor's scope, or the actor's own staff record is a member ({@code :me}). */
	private static String visibleOrMember() {
		return "(" + SCOPE + " or exists (select 1 from group_member sm where sm.corp_id = :corp"
				+ " and sm.group_id = g.id and sm.member_id = :me))";
	}

	/** The actor's own WeCom userid when they are a member of staff; otherwise a value no member has. */
	private String myUserid(Actor actor) {
		if (actor.staffId() == null) {
			return "";
		}
		return Actors.callAs(Actor.system(actor.requireCorp()), () -> staff.get(actor.staffId()).userid());
	}

	private List<GroupView> named(List<GroupView> groups) {
		List<String> owners = groups.stream().map(GroupView::ownerUserid).filter(java.util.Objects::nonNull).distinct()
			.toList();
		Map<String, StaffPlacement> names = owners.isEmpty() ? Map.of()
				: Actors.callAs(Actor.system(Actors.require().requireCorp()), () -> staff.placements(owners));
		return groups.stream().map(g -> {
			StaffPlacement p = g.ownerUserid() == null ? null : names.get(g.ownerUserid());
			return new GroupView(g.id(), g.chatId(), g.name(), g.ownerUserid(), g.ownerStaffId(),
					p == null ? null : p.name(), g.notice(), g.createdAt(), g.status(), g.dismissed(), g.members(),
					g.customers());
		}).toList();
	}

	private static TenantJdbc.Statement bind(TenantJdbc.Statement s, GroupFilter f) {
		if (f.q() != null && !f.q().isBlank()) {
			s.param("q", "%" + f.q().trim().toLowerCase() + "%").param("qExact", f.q().trim());
		}
		if (f.ownerStaffId() != null) {
			s.param("owner", f.ownerStaffId());
		}
		if (f.unitId() != null) {
			s.param("unit", f.unitId());
		}
		if (f.dismissed() != null) {
			s.param("dismissed", f.dismissed());
		}
		return s;
	}

	private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
		int v = rs.getInt(column);
		return rs.wasNull() ? null : v;
	}

	private static GroupView map(ResultSet rs, int i) throws SQLException {
		return new GroupView(rs.getLong("id"), rs.getString("chat_id"), rs.getString("name"), rs.getString("owner_userid"),
				Timestamps.nullableLong(rs, "owner_staff_id"), null, rs.getString("notice"), Timestamps.get(rs, "created_at"),
				rs.getInt("status"), rs.getBoolean("dismissed"), rs.getInt("members"), rs.getInt("customers"));
	}
}
