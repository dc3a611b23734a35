package io.siyu.community;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.siyu.shared.TenantJdbc.ScopedTable;

/** Groups belong to their owner: a store manager sees the groups owned by the store's staff, a guide their own. */
@Configuration(proxyBeanMethods = false)
class CommunityConfiguration {

	@Bean
	ScopedTable customerGroupTable() {
		return new ScopedTable("customer_group");
	}
}
