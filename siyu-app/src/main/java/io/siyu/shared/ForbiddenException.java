package io.siyu.shared;

/** 403 — the caller may see the object but not do this. */
public class ForbiddenException extends LocalizedException {

	public ForbiddenException(String message) {
		super(null, message);
	}

	/** With a message key for the console (the English message is what the REST API reports). */
	public ForbiddenException(String key, String message, Object... args) {
		super(key, message, args);
	}
}
