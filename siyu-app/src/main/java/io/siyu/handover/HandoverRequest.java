package io.siyu.handover;

import java.util.List;

/**
 * A transfer to start: from one member to another, all or the selected customers (Siyu ids) and groups (chat ids), with
 * the message WeCom shows the customer on an on-job transfer (≤ 200 characters, optional).
 */
public record HandoverRequest(HandoverKind kind, Long fromStaffId, Long toStaffId, boolean allCustomers,
		List<Long> customerIds, boolean allGroups, List<String> chatIds, String message) {

	public HandoverRequest {
		customerIds = customerIds == null ? List.of() : List.copyOf(customerIds);
		chatIds = chatIds == null ? List.of() : List.copyOf(chatIds);
	}
}
