package io.siyu.customer;

import java.time.LocalDate;
import java.util.List;

/**
 * Filters of the customer list; every part is optional. Tags: any of / all of / none of (tag ids). Staff, unit
 * (a store or region: its whole subtree) and channel state match any of a customer's relations. {@code q} searches
 * name, relation remark, a whole phone number or an external_userid. {@code status}: ACTIVE (a friend of at least one
 * member), LOST (was, no longer). Dates are Asia/Shanghai days of the first add.
 */
public record CustomerFilter(String q, List<Long> tagsAny, List<Long> tagsAll, List<Long> tagsNone, Long staffId,
		Long unitId, String state, Stage stage, LocalDate addedFrom, LocalDate addedTo, Status status, Sort sort) {

	public CustomerFilter {
		tagsAny = tagsAny == null ? List.of() : List.copyOf(tagsAny);
		tagsAll = tagsAll == null ? List.of() : List.copyOf(tagsAll);
		tagsNone = tagsNone == null ? List.of() : List.copyOf(tagsNone);
		sort = sort == null ? Sort.ADDED_DESC : sort;
	}

	public static CustomerFilter none() {
		return new CustomerFilter(null, null, null, null, null, null, null, null, null, null, null, null);
	}

	public enum Status {
		ACTIVE, LOST
	}

	public enum Sort {
		ADDED_DESC, ADDED_ASC, NAME, UPDATED_DESC
	}
}
