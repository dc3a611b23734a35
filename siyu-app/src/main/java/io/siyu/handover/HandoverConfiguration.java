package io.siyu.handover;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.siyu.shared.TenantJdbc.ScopedTable;

/** A transfer belongs to the handover member and their unit: a store manager sees and starts their store's. */
@Configuration(proxyBeanMethods = false)
class HandoverConfiguration {

	@Bean
	ScopedTable handoverTable() {
		return new ScopedTable("handover");
	}
}
