package io.siyu.wecom.callback;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Callback intake limits.
 *
 * @param maxBody   larger bodies are refused (WeCom's event envelopes are a few KB)
 * @param maxSkew   timestamps further than this from now are refused as stale or forged (WeCom retries within minutes)
 * @param workers   threads that process stored callbacks right after they are acknowledged
 * @param sweep     how often stored callbacks left unprocessed (crash, full queue) are picked up again
 */
@ConfigurationProperties("siyu.wecom.callback")
record CallbackSettings(@DefaultValue("65536") int maxBody, @DefaultValue("PT10M") Duration maxSkew,
		@DefaultValue("4") int workers, @DefaultValue("PT5S") Duration sweep) {
}
