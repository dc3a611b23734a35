package io.siyu.customer;

import java.util.List;

import io.siyu.shared.TenantJdbc;

/**
 * Keeps a customer's relation summary current: how many active relations, when and through which channel state it
 * was first added (the earliest relation; kept after the relation ends, as attribution must be).
 */
final class FollowCounts {

	private FollowCounts() {
	}

	static void refresh(TenantJdbc jdbc, List<Long> customerIds) {
		for (int from = 0; from < customerIds.size(); from += 500) {
			List<Long> chunk = customerIds.subList(from, Math.min(customerIds.size(), from + 500));
			jdbc.sql("update customer set active_follows = (select count(*) from customer_follow f"
					+ " where f.customer_id = customer.id and f.corp_id = :corp and f.active = true),"
					+ " first_added_at = coalesce((select min(f.added_at) from customer_follow f where f.customer_id = customer.id"
					+ " and f.corp_id = :corp and f.added_at is not null), first_added_at),"
					+ " first_state = coalesce((select f.state from customer_follow f where f.customer_id = customer.id"
					+ " and f.corp_id = :corp and f.added_at is not null order by f.added_at, f.userid limit 1), first_state),"
					+ " stage_since = coalesce(stage_since, (select min(f.added_at) from customer_follow f"
					+ " where f.customer_id = customer.id and f.corp_id = :corp))"
					+ " where corp_id = :corp and id in (:ids) and " + CustomerScope.system())
				.param("ids", chunk)
				.update();
		}
	}
}
