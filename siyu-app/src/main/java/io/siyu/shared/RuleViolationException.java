package io.siyu.shared;

/** 422 — well-formed but breaks a business rule. */
public class RuleViolationException extends RuntimeException {

	public RuleViolationException(String message) {
		super(message);
	}
}
