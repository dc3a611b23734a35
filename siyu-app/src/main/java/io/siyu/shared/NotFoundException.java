package io.siyu.shared;

/** 404 — absent, or not visible to the caller (never reveals another corp's objects). */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}
}
