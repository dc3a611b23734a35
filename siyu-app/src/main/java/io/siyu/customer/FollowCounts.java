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

	/**
	 * Brings the summary of these customers up to date and returns how many rows changed. A customer whose summary is
	 * current is not written: an update of {@code first_added_at} (indexed) cannot be done in place, so a no-op write
	 * would still touch every index of {@code customer} (on PostgreSQL the name-gram GIN index too), and a callback
	 * refreshes the same customer twice (contact projection, relation events).
	 */
	static int refresh(TenantJdbc jdbc, List<Long> customerIds) {
		String active = "(select count(*) from customer_follow f where f.customer_id = customer.id and f.corp_id = :corp"
				+ " and f.active = true)";
		String firstAdded = "coalesce((select min(f.added_at) from customer_follow f where f.customer_id = customer.id"
				+ " and f.corp_id = :corp and f.added_at is not null), first_added_at)";
		String firstState = "coalesce((select f.state from customer_follow f where f.customer_id = customer.id"
				+ " and f.corp_id = :corp and f.added_at is not null order by f.added_at, f.userid limit 1), first_state)";
		String stageSince = "coalesce(stage_since, (select min(f.added_at) from customer_follow f"
				+ " where f.customer_id = customer.id and f.corp_id = :corp))";
		int changed = 0;
		for (int from = 0; from < customerIds.size(); from += 500) {
			List<Long> chunk = customerIds.subList(from, Math.min(customerIds.size(), from + 500));
			changed += jdbc.sql("update customer set active_follows = " + active + ", first_added_at = " + firstAdded
					+ ", first_state = " + firstState + ", stage_since = " + stageSince
					+ " where corp_id = :corp and id in (:ids) and " + CustomerScope.system()
					+ " and (active_follows is distinct from " + active + " or first_added_at is distinct from " + firstAdded
					+ " or first_state is distinct from " + firstState + " or stage_since is distinct from " + stageSince + ")")
				.param("ids", chunk)
				.update();
		}
		return changed;
	}
}
