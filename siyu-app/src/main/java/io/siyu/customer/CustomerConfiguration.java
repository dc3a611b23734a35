package io.siyu.customer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.siyu.shared.TenantJdbc.ScopedTable;

/**
 * Customer data is scoped: an actor sees a customer when one of its follow relations belongs to staff within their
 * scope (see {@link CustomerScope}). Statements over these tables must say how they are scoped.
 */
@Configuration(proxyBeanMethods = false)
class CustomerConfiguration {

	@Bean
	ScopedTable customerTable() {
		return new ScopedTable("customer");
	}

	@Bean
	ScopedTable customerFollowTable() {
		return new ScopedTable("customer_follow");
	}

	@Bean
	ScopedTable customerTagTable() {
		return new ScopedTable("customer_tag");
	}

	@Bean
	ScopedTable customerEventTable() {
		return new ScopedTable("customer_event");
	}

	@Bean
	ScopedTable customerFieldValueTable() {
		return new ScopedTable("customer_field_value");
	}
}
