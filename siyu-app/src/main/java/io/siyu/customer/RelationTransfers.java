package io.siyu.customer;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.CustomerAdded;
import io.siyu.wecom.CustomerDeletedByStaff;

/**
 * Relations as a transfer (离职继承 / 在职转接) sees them: which customers a member can hand over, and the move of a
 * relation from one member to another once WeCom completed it.
 */
@Service
public class RelationTransfers {

	private final TenantJdbc jdbc;

	private final RelationEvents relations;

	RelationTransfers(TenantJdbc jdbc, RelationEvents relations) {
		this.jdbc = jdbc;
		this.relations = relations;
	}

	/**
	 * Customers the member can hand over, within the actor's scope: relations that are active, or that ended only because
	 * the member resigned (WeCom keeps them waiting for an heir). Newest first, at most {@code max}.
	 */
	public List<Transferable> of(String userid, int max) {
		Actors.require(Permission.CUSTOMERS_READ);
		return jdbc.sql("select c.id, c.external_userid, c.name, f.remark, f.added_at, f.active from customer_follow f"
				+ " join customer c on c.id = f.customer_id and c.corp_id = :corp where f.corp_id = :corp"
				+ " and f.userid = :userid and c.external_userid is not null and c.merged_into is null"
				+ " and (f.active or f.end_reason = 'GONE') and " + CustomerScope.relationInScope("f")
				+ " order by f.added_at desc, c.id desc limit :max")
			.param("userid", userid)
			.param("max", max)
			.list((rs, i) -> new Transferable(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					Timestamps.get(rs, "added_at"), rs.getBoolean(6)));
	}

	/**
	 * WeCom completed a transfer at {@code at}: the customer is now the friend of {@code toUserid} and no longer of
	 * {@code fromUserid} (ended as TRANSFERRED). Applied like the callbacks it stands for, so it is idempotent and an
	 * older or repeated report changes nothing.
	 */
	@Transactional
	public void completed(long corpId, String externalUserId, String fromUserid, String toUserid, Instant at) {
		Actors.runAs(Actor.system(corpId), () -> {
			relations.on(new CustomerAdded(corpId, toUserid, externalUserId, null, null, false, at));
			relations.on(new CustomerDeletedByStaff(corpId, fromUserid, externalUserId, true, at));
		});
	}

	/** A customer a member can hand over. {@code active} false: the member resigned and the relation waits. */
	public record Transferable(long customerId, String externalUserId, String name, String remark, Instant addedAt,
			boolean active) {
	}
}
