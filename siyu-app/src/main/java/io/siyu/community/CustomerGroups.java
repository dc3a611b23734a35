package io.siyu.community;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.siyu.customer.Customers;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffPlacement;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * The groups a customer is in, as far as the actor may see them: groups owned within their data scope and, for a
 * member of staff, also the groups they are a member of themselves (they see those in WeCom anyway).
 */
@Service
public class CustomerGroups {

	private static final int MAX = 100;

	private final TenantJdbc jdbc;

	private final Customers customers;

	private final StaffDirectory staff;

	CustomerGroups(TenantJdbc jdbc, Customers customers, StaffDirectory staff) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.staff = staff;
	}

	/** Live (not dismissed) groups of a visible customer, most recently joined first, at most 100. */
	public List<CustomerGroupView> of(long customerId) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		customers.requireVisible(customerId);
		String me = myUserid(actor);
		record Row(long id, String chatId, String name, String owner, int members, java.time.Instant joined,
				Integer scene) {
		}
		List<Row> rows = jdbc.sql("select g.id, g.chat_id, g.name, g.owner_userid, g.members, m.join_time, m.join_scene"
				+ " from group_member m join customer_group g on g.id = m.group_id and g.corp_id = :corp"
				+ " where m.corp_id = :corp and m.customer_id = :customer and g.dismissed = false and " + visible()
				+ " order by m.join_time desc, g.id desc limit :max")
			.param("customer", customerId)
			.param("me", me)
			.param("max", MAX)
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
	public Map<String, String> names(Collection<String> chatIds) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		Map<String, String> names = new HashMap<>();
		if (chatIds.isEmpty()) {
			return names;
		}
		jdbc.sql("select g.chat_id, g.name from customer_group g where g.corp_id = :corp and g.chat_id in (:chats) and "
				+ visible())
			.param("chats", chatIds)
			.param("me", myUserid(actor))
			.list((rs, i) -> names.put(rs.getString(1), rs.getString(2)));
		return names;
	}

	/** Owned within the actor's scope, or the actor's own staff record is a member ({@code :me}). */
	private static String visible() {
		return "({scope:g.owner_unit_id,g.owner_staff_id} or exists (select 1 from group_member sm where sm.corp_id = :corp"
				+ " and sm.group_id = g.id and sm.member_id = :me))";
	}

	/** The actor's own WeCom userid when they are a member of staff; otherwise a value no member has. */
	private String myUserid(Actor actor) {
		if (actor.staffId() == null) {
			return "";
		}
		return Actors.callAs(Actor.system(actor.requireCorp()), () -> staff.get(actor.staffId()).userid());
	}
}
