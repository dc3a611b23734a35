package io.siyu.handover;

import java.time.Instant;
import java.util.Map;

/**
 * A transfer as the console lists it, with its progress: customers and groups per status. {@code status}: RUNNING
 * while any customer or group is still open, then DONE.
 */
public record Handover(long id, HandoverKind kind, String fromUserid, String fromName, String toUserid, String toName,
		String message, String status, String createdBy, Instant createdAt, Instant finishedAt,
		Map<ItemStatus, Long> customers, Map<ItemStatus, Long> groups) {

	public long customerTotal() {
		return customers.values().stream().mapToLong(Long::longValue).sum();
	}

	public long groupTotal() {
		return groups.values().stream().mapToLong(Long::longValue).sum();
	}

	public long customersSettled() {
		return customers.entrySet().stream().filter(e -> !e.getKey().open()).mapToLong(Map.Entry::getValue).sum();
	}

	public long count(ItemStatus status) {
		return customers.getOrDefault(status, 0L);
	}

	/** Settled share of customers and groups together, 0–100. */
	public int percent() {
		long total = customerTotal() + groupTotal();
		long settled = customersSettled() + groups.entrySet().stream().filter(e -> !e.getKey().open())
			.mapToLong(Map.Entry::getValue).sum();
		return total == 0 ? 100 : (int) (settled * 100 / total);
	}
}
