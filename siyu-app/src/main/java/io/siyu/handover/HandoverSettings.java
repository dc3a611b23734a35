package io.siyu.handover;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Transfers ({@code siyu.handover.*}).
 *
 * @param poll      how often running transfers ask WeCom for results (transfer_result)
 * @param sweep     how often customers and groups not yet sent (a crash, a failing WeCom) are sent again
 * @param takeover  how long WeCom waits before an on-job transfer completes
 */
@ConfigurationProperties("siyu.handover")
public record HandoverSettings(@DefaultValue("10m") Duration poll, @DefaultValue("1m") Duration sweep,
		@DefaultValue("24h") Duration takeover) {
}
