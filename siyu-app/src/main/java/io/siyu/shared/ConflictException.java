package io.siyu.shared;

/** 409 — conflicts with the current state, e.g. a duplicate. */
public class ConflictException extends LocalizedException {

	public ConflictException(String message) {
		super(null, message);
	}

	/** With a message key for the console (the English message is what the REST API reports). */
	public ConflictException(String key, String message, Object... args) {
		super(key, message, args);
	}
}
