package io.siyu.customer.lost;

import java.time.LocalDate;

/** Filters of the lost-customer list (all optional); dates are days in China time, both ends included. */
public record LostCustomerFilter(LostKind kind, Long staffId, Long unitId, LocalDate from, LocalDate to, String q) {

	public static LostCustomerFilter none() {
		return new LostCustomerFilter(null, null, null, null, null, null);
	}
}
