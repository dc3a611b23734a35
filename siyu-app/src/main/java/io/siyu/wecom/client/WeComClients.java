package io.siyu.wecom.client;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.siyu.organization.Corps;
import io.siyu.organization.WeComCredentials;
import io.siyu.organization.WeComSettingsChanged;
import io.siyu.wecom.gateway.WeComSettings;
import me.chanjar.weixin.common.util.http.apache.DefaultApacheHttpClientBuilder;
import me.chanjar.weixin.cp.api.WxCpService;
import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;

/**
 * One WxJava client per corp, built from the corp's settings (real WeCom or the sandbox, by base URL).
 * WxJava refreshes tokens itself on 40014/42001; its own retry loop is switched off because the gateway
 * retries with backoff and rate limits in one place.
 */
@Component
public class WeComClients {

	private final Corps corps;

	private final ConcurrentMap<Long, WxCpService> clients = new ConcurrentHashMap<>();

	WeComClients(Corps corps, WeComSettings settings) {
		this.corps = corps;
		pool(settings.http().maxConnections());
	}

	/**
	 * WxJava builds one HTTP client per JVM (all corps call the same WeCom host) with 10 connections per host by default:
	 * node-wide, 10 WeCom calls at a time, the rest waiting up to 3 s for a connection. Sized before the first client
	 * is built (it is built once).
	 */
	static void pool(int maxConnections) {
		DefaultApacheHttpClientBuilder http = DefaultApacheHttpClientBuilder.get();
		synchronized (http) {
			if (!http.getPrepared().get()) {
				http.setMaxConnPerHost(maxConnections);
				http.setMaxTotalConn(2 * maxConnections);
			}
		}
	}

	public Optional<WxCpService> forCorp(long corpId) {
		WxCpService cached = clients.get(corpId);
		if (cached != null) {
			return Optional.of(cached);
		}
		return corps.credentials(corpId).filter(c -> c.secret() != null).map(c -> clients.computeIfAbsent(corpId, id -> build(c)));
	}

	public Optional<WeComCredentials> credentials(long corpId) {
		return corps.credentials(corpId);
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(WeComSettingsChanged changed) {
		clients.remove(changed.corpId());
	}

	static WxCpService build(WeComCredentials credentials) {
		WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
		config.setCorpId(credentials.wecomCorpId());
		config.setAgentId(credentials.agentId());
		config.setCorpSecret(credentials.secret());
		config.setToken(credentials.callbackToken());
		config.setAesKey(credentials.aesKey());
		if (credentials.apiBaseUrl() != null && !credentials.apiBaseUrl().isBlank()) {
			config.setBaseApiUrl(credentials.apiBaseUrl());
		}
		WxCpServiceImpl service = new SingleAttemptService();
		service.setWxCpConfigStorage(config);
		return service;
	}
}
