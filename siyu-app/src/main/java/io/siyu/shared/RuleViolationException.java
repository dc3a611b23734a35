package io.siyu.shared;

/** 422 — well-formed but breaks a business rule. */
public class RuleViolationException extends LocalizedException {

	public RuleViolationException(String message) {
		super(null, message);
	}

	/** With a message key for the console (the English message is what the REST API reports). */
	public RuleViolationException(String key, String message, Object... args) {
		super(key, message, args);
	}
}
