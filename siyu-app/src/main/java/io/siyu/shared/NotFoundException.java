package io.siyu.shared;

/** 404 — absent, or not visible to the caller (never reveals another corp's objects). */
public class NotFoundException extends LocalizedException {

	public NotFoundException(String message) {
		super(null, message);
	}

	/** With a message key for the console (the English message is what the REST API reports). */
	public NotFoundException(String key, String message, Object... args) {
		super(key, message, args);
	}
}
