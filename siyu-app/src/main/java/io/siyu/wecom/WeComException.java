package io.siyu.wecom;

/**
 * A WeCom call that failed for good (after retries), with WeCom's errcode. Negative codes below -1 are Siyu's own:
 * the corp is not connected, WeCom could not be reached, the corp's circuit breaker is open, or all of the corp's call
 * slots stayed busy (Siyu's own in-flight limit).
 */
public class WeComException extends RuntimeException {

	public static final int BUSY = -1;

	public static final int NOT_CONNECTED = -2;

	public static final int UNREACHABLE = -3;

	public static final int CIRCUIT_OPEN = -4;

	public static final int SLOTS_BUSY = -5;

	public static final int TOKEN_INVALID = 40014;

	public static final int TOKEN_EXPIRED = 42001;

	public static final int FREQUENCY_LIMIT = 45009;

	public static final int CONCURRENCY_LIMIT = 45033;

	private final int errcode;

	public WeComException(int errcode, String message, Throwable cause) {
		super("WeCom error " + errcode + ": " + message, cause);
		this.errcode = errcode;
	}

	public int errcode() {
		return errcode;
	}

	/**
	 * Worth another try after a pause: WeCom was busy, throttled us, or did not answer; or a token error survived
	 * WxJava's one refresh (the token is expired by then, so the next attempt fetches a new one).
	 */
	public boolean isTransient() {
		return errcode == BUSY || errcode == UNREACHABLE || errcode == FREQUENCY_LIMIT || errcode == CONCURRENCY_LIMIT
				|| errcode == SLOTS_BUSY || errcode == TOKEN_INVALID || errcode == TOKEN_EXPIRED;
	}

	/** Says something about WeCom's health (as opposed to our quota or a bad request): counts for the breaker. */
	public boolean unhealthy() {
		return errcode == BUSY || errcode == UNREACHABLE || errcode == CONCURRENCY_LIMIT;
	}
}
