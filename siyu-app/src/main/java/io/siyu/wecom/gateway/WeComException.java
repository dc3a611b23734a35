package io.siyu.wecom.gateway;

/** A WeCom call that failed for good (after retries), with WeCom's errcode. */
public class WeComException extends RuntimeException {

	private final int errcode;

	public WeComException(int errcode, String message, Throwable cause) {
		super("WeCom error " + errcode + ": " + message, cause);
		this.errcode = errcode;
	}

	public int errcode() {
		return errcode;
	}
}
