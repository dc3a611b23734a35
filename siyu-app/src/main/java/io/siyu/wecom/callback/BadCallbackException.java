package io.siyu.wecom.callback;

/** A callback request that is not what WeCom sends; refused with nothing stored. */
class BadCallbackException extends RuntimeException {

	BadCallbackException(String message) {
		super(message);
	}
}
