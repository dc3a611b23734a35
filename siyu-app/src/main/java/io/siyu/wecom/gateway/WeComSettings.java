package io.siyu.wecom.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Knobs of the WeCom gateway and sync ({@code siyu.wecom.*}); the defaults run as they are.
 *
 * @param limits  our own ceiling per corp and API, kept below WeCom's 10,000/min and 150,000/h
 * @param retry   backoff for -1 (busy), 45009 (frequency) and 45033 (concurrency)
 * @param breaker per corp, so a WeCom that stopped answering does not hold our threads
 * @param sync    full sync and the scheduled reconciliation
 * @param http    WxJava's HTTP client
 */
@ConfigurationProperties("siyu.wecom")
public record WeComSettings(@DefaultValue Limits limits, @DefaultValue Retry retry, @DefaultValue Breaker breaker,
		@DefaultValue Sync sync, @DefaultValue Http http) {

	/**
	 * @param maxConnections connections to WeCom's host, shared by all corps of the node (WxJava's default is 10: with
	 *                       32 welcome threads, welcomes queued for a connection)
	 */
	public record Http(@DefaultValue("64") int maxConnections) {
	}

	/**
	 * @param maxWait  how long a call may wait for quota (or for a call of its corp to finish) before it fails with
	 *                 45009 (45033)
	 * @param inFlight calls of one corp under way at once, below WeCom's ~10 (more are refused with 45033); the rest
	 *                 wait their turn
	 */
	public record Limits(@DefaultValue("9000") long perMinute, @DefaultValue("140000") long perHour,
			@DefaultValue("30s") Duration maxWait, @DefaultValue("8") int inFlight) {
	}

	/** @param maxAttempts attempts including the first one */
	public record Retry(@DefaultValue("5") int maxAttempts, @DefaultValue("100ms") Duration initialBackoff,
			@DefaultValue("2") double multiplier, @DefaultValue("2s") Duration maxBackoff) {
	}

	/**
	 * @param failureRate percentage of failed calls (busy, unreachable) in the window that opens the breaker
	 * @param window      calls in the sliding window
	 * @param openFor     how long an open breaker refuses calls before it lets a few through
	 */
	public record Breaker(@DefaultValue("50") float failureRate, @DefaultValue("50") int window,
			@DefaultValue("20") int minimumCalls, @DefaultValue("30s") Duration openFor) {
	}

	/**
	 * @param interval     between scheduled reconciliations of every connected corp
	 * @param initialDelay before the first reconciliation after start-up
	 * @param lease        a running sync whose heartbeat is older than this is taken over (its node died)
	 */
	public record Sync(@DefaultValue("true") boolean scheduled, @DefaultValue("6h") Duration interval,
			@DefaultValue("10m") Duration initialDelay, @DefaultValue("5m") Duration lease) {
	}
}
