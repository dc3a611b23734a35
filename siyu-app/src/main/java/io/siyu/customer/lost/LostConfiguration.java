package io.siyu.customer.lost;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.siyu.shared.TenantJdbc.ScopedTable;

/** Alerts belong to the member whose relation ended (staff_id) and their unit (unit_id). */
@Configuration(proxyBeanMethods = false)
class LostConfiguration {

	@Bean
	ScopedTable lostCustomerTable() {
		return new ScopedTable("lost_customer");
	}
}
