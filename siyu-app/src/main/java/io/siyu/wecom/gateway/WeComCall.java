package io.siyu.wecom.gateway;

import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.cp.api.WxCpService;

/** One call to WeCom through a corp's client. */
@FunctionalInterface
public interface WeComCall<T> {

	T call(WxCpService service) throws WxErrorException;
}
