package io.siyu.customer;

import java.util.List;

/**
 * Data of these customers changed (profile, relations, tags, fields, stage …). Published in the changing
 * transaction; read models and indexes re-read the customers after commit. Carries ids only.
 */
public record CustomersChanged(long corpId, List<Long> customerIds) {

	public CustomersChanged {
		customerIds = List.copyOf(customerIds);
	}
}
