package io.siyu.organization;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.siyu.shared.TenantJdbc.ScopedTable;

/** Declares which of this module's tables are filtered by data scope. */
@Configuration(proxyBeanMethods = false)
class OrganizationConfiguration {

	@Bean
	ScopedTable staffTable() {
		return new ScopedTable("staff");
	}

	@Bean
	ScopedTable orgUnitTable() {
		return new ScopedTable("org_unit");
	}
}
