package io.siyu.shared;

/** 400 — bad input the caller can fix. */
public class BadRequestException extends LocalizedException {

	public BadRequestException(String message) {
		super(null, message);
	}

	/** With a message key for the console (the English message is what the REST API reports). */
	public BadRequestException(String key, String message, Object... args) {
		super(key, message, args);
	}
}
