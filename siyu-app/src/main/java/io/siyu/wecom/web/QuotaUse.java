package io.siyu.wecom.web;

import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** This node's use of a corp's WeCom quota, per API, from the gateway's meters. */
@Component
class QuotaUse {

	private final MeterRegistry meters;

	QuotaUse(MeterRegistry meters) {
		this.meters = meters;
	}

	List<Api> of(long corpId) {
		String corp = Long.toString(corpId);
		return meters.find("siyu.wecom.quota.used").tag("corp", corp).gauges().stream().map(gauge -> {
			String api = gauge.getId().getTag("api");
			double calls = meters.find("siyu.wecom.calls").tag("corp", corp).tag("api", api).counters().stream()
				.mapToDouble(Counter::count).sum();
			double errors = meters.find("siyu.wecom.errors").tag("corp", corp).tag("api", api).counters().stream()
				.mapToDouble(Counter::count).sum();
			return new Api(api, (int) Math.round(gauge.value() * 100), (long) calls, (long) errors);
		}).sorted(Comparator.comparing(Api::calls).reversed()).toList();
	}

	/** {@code percent}: share of the per-minute quota in use now. */
	record Api(String api, int percent, long calls, long errors) {
	}
}
