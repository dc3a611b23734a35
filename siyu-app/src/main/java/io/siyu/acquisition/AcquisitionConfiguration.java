package io.siyu.acquisition;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.siyu.shared.TenantJdbc.ScopedTable;

/** Codes belong to an org unit: a store manager runs the codes of their store, a region manager those of the region. */
@Configuration(proxyBeanMethods = false)
class AcquisitionConfiguration {

	@Bean
	ScopedTable acqCodeTable() {
		return new ScopedTable("acq_code");
	}

	@Bean
	ScopedTable acqGroupCodeTable() {
		return new ScopedTable("acq_group_code");
	}

	@Bean
	ScopedTable acqBatchTable() {
		return new ScopedTable("acq_batch");
	}
}
