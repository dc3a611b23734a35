package io.siyu.wecom.sync;

import org.springframework.stereotype.Component;

import io.siyu.wecom.gateway.WeComCall;
import io.siyu.wecom.gateway.WeComGateway;

/** Gateway calls on behalf of a sync run, counted on the run so its row shows what it cost. */
@Component
class RunCalls {

	private final WeComGateway gateway;

	RunCalls(WeComGateway gateway) {
		this.gateway = gateway;
	}

	<T> T call(SyncRun run, String api, WeComCall<T> call) {
		run.calls++;
		return gateway.call(run.corpId, api, call);
	}
}
