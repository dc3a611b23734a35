package io.siyu.wecom.gateway;

import io.siyu.wecom.WeComException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.siyu.wecom.client.WeComClients;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.cp.api.WxCpService;

/**
 * Every outbound WeCom call goes through here: per corp and API rate limits below WeCom's, at most
 * {@code limits.in-flight} calls of a corp under way at once (WeCom refuses more than ~10 with 45033), retries with
 * exponential backoff and jitter on -1/45009/45033 (and unreachable), a circuit breaker per corp, and metrics. Token refresh on
 * 40014/42001 stays inside WxJava, which re-fetches the token and repeats the call once.
 */
@Component
public class WeComGateway {

	private final WeComClients clients;

	private final CallQuota quota;

	private final Retry retry;

	private final CircuitBreakerConfig breakerConfig;

	private final ConcurrentMap<Long, CircuitBreaker> breakers = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	private final ConcurrentMap<Long, Semaphore> inFlight = new ConcurrentHashMap<>();

	private final int inFlightPerCorp;

	private final Duration maxWait;

	/** How long a one-attempt call ({@link #callOnce}) waits for a call of its corp to finish. */
	private static final Duration ONCE_WAIT = Duration.ofSeconds(1);

	WeComGateway(WeComClients clients, WeComSettings settings, MeterRegistry meters) {
		this.clients = clients;
		this.meters = meters;
		this.inFlightPerCorp = settings.limits().inFlight();
		this.maxWait = settings.limits().maxWait();
		this.quota = new CallQuota(settings.limits(), meters);
		WeComSettings.Retry r = settings.retry();
		this.retry = Retry.of("wecom", RetryConfig.custom()
			.maxAttempts(r.maxAttempts())
			.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(r.initialBackoff(), r.multiplier(), 0.5,
					r.maxBackoff()))
			.retryOnException(e -> e instanceof WeComException w && w.isTransient())
			.build());
		WeComSettings.Breaker b = settings.breaker();
		this.breakerConfig = CircuitBreakerConfig.custom()
			.failureRateThreshold(b.failureRate())
			.slidingWindowSize(b.window())
			.minimumNumberOfCalls(b.minimumCalls())
			.waitDurationInOpenState(b.openFor())
			.recordException(e -> e instanceof WeComException w && w.unhealthy())
			.build();
	}

	/**
	 * Runs one WeCom call for the corp. {@code api} names the WeCom path (e.g. {@code batch/get_by_user}) for quota
	 * and metrics. Throws {@link WeComException} once retries are used up or for a non-transient errcode.
	 */
	public <T> T call(long corpId, String api, WeComCall<T> call) {
		return guarded(corpId, api, (service, breaker) -> retry
			.executeSupplier(breaker.decorateSupplier(() -> attempt(corpId, api, service, call))));
	}

	/**
	 * One attempt, now or never: no waiting for quota, no retry. For calls on a deadline that have a fallback (the
	 * customer's name in a welcome that must go out within 20 s); the breaker still counts them.
	 */
	public <T> T callOnce(long corpId, String api, WeComCall<T> call) {
		return guarded(corpId, api, (service, breaker) -> breaker.decorateSupplier(() -> {
			quota.acquireNow(corpId, api);
			return oneAtATurn(corpId, api, ONCE_WAIT, () -> invoke(corpId, api, service, call));
		}).get());
	}

	/** The corp's client and breaker for {@code run}, with the call's outcome counted and an open circuit reported. */
	private <T> T guarded(long corpId, String api, BiFunction<WxCpService, CircuitBreaker, T> run) {
		WxCpService service = clients.forCorp(corpId)
			.orElseThrow(() -> new WeComException(WeComException.NOT_CONNECTED,
					"corp " + corpId + " has no WeCom connection", null));
		CircuitBreaker breaker = breakers.computeIfAbsent(corpId,
				id -> CircuitBreaker.of("wecom-corp-" + id, breakerConfig));
		try {
			T result = run.apply(service, breaker);
			count(corpId, api, "ok");
			return result;
		}
		catch (CallNotPermittedException e) {
			count(corpId, api, "circuit-open");
			throw new WeComException(WeComException.CIRCUIT_OPEN, "WeCom circuit open for corp " + corpId, e);
		}
		catch (WeComException e) {
			count(corpId, api, "failed");
			throw e;
		}
	}

	/** Current state of a corp's breaker, for health pages and tests. */
	public String breakerState(long corpId) {
		CircuitBreaker breaker = breakers.get(corpId);
		return breaker == null ? "CLOSED" : breaker.getState().name();
	}

	private <T> T attempt(long corpId, String api, WxCpService service, WeComCall<T> call) {
		quota.acquire(corpId, api);
		return oneAtATurn(corpId, api, maxWait, () -> invoke(corpId, api, service, call));
	}

	/** Runs {@code work} holding one of the corp's in-flight permits; waits at most {@code wait} for one (then -5). */
	private <T> T oneAtATurn(long corpId, String api, Duration wait, Supplier<T> work) {
		Semaphore permits = inFlight.computeIfAbsent(corpId, id -> new Semaphore(inFlightPerCorp, true));
		boolean acquired;
		try {
			acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new WeComException(WeComException.SLOTS_BUSY, "interrupted waiting for a WeCom call slot", e);
		}
		if (!acquired) {
			meters.counter("siyu.wecom.errors", "corp", Long.toString(corpId), "api", api, "errcode", Integer.toString(WeComException.SLOTS_BUSY))
				.increment();
			throw new WeComException(WeComException.SLOTS_BUSY, "corp " + corpId + " has " + inFlightPerCorp
					+ " WeCom calls under way; waited " + wait.toMillis() + " ms", null);
		}
		try {
			return work.get();
		}
		finally {
			permits.release();
		}
	}

	private <T> T invoke(long corpId, String api, WxCpService service, WeComCall<T> call) {
		try {
			return call.call(service);
		}
		catch (WxErrorException e) {
			int errcode = e.getError().getErrorCode();
			meters.counter("siyu.wecom.errors", "corp", Long.toString(corpId), "api", api, "errcode",
					Integer.toString(errcode)).increment();
			throw new WeComException(errcode, e.getError().getErrorMsg(), e);
		}
		catch (WxRuntimeException e) {
			// WxJava wraps I/O failures (refused, timed out) this way.
			meters.counter("siyu.wecom.errors", "corp", Long.toString(corpId), "api", api, "errcode",
					Integer.toString(WeComException.UNREACHABLE)).increment();
			throw new WeComException(WeComException.UNREACHABLE, String.valueOf(e.getMessage()), e);
		}
	}

	private void count(long corpId, String api, String outcome) {
		meters.counter("siyu.wecom.calls", "corp", Long.toString(corpId), "api", api, "outcome", outcome).increment();
	}
}
