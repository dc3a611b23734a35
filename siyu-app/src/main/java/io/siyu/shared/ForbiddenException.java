package io.siyu.shared;

/** 403 — the caller may see the object but not do this. */
public class ForbiddenException extends RuntimeException {

	public ForbiddenException(String message) {
		super(message);
	}
}
