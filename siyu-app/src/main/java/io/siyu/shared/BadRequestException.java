package io.siyu.shared;

/** 400 — bad input the caller can fix. */
public class BadRequestException extends RuntimeException {

	public BadRequestException(String message) {
		super(message);
	}
}
