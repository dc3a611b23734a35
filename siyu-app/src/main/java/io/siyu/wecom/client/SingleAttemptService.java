package io.siyu.wecom.client;

import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.util.http.RequestExecutor;
import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;

/**
 * WxJava's client without its own retry loop. With {@code maxRetryTimes = 0} WxJava 4.7 replaces every
 * {@link WxErrorException} (84061, 45009, …) by a {@code WxRuntimeException} without the errcode, so the loop is
 * skipped instead; the token refresh and single repeat on 40014/42001 happen inside {@code executeInternal}.
 */
class SingleAttemptService extends WxCpServiceImpl {

	@Override
	public <T, E> T execute(RequestExecutor<T, E> executor, String uri, E data) throws WxErrorException {
		return executeInternal(executor, uri, data, false);
	}
}
