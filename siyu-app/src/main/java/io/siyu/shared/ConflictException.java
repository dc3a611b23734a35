package io.siyu.shared;

/** 409 — conflicts with the current state, e.g. a duplicate. */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}
}
