/**
 * WeCom: the only module that knows WeCom and WxJava. Per-corp clients, callback intake (verify, decrypt,
 * de-duplicate in a durable inbox, process after commit), sync, the outbound gateway with rate limits, and the
 * translation of WeCom's events into Siyu's.
 */
@org.springframework.modulith.ApplicationModule(displayName = "WeCom", allowedDependencies = { "shared :: *",
		"organization" })
package io.siyu.wecom;
