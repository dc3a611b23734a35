package io.siyu.shared;

/** Thrown when tenant data is touched with no corp bound: a programming error, never a user error. */
public class NoTenantException extends IllegalStateException {

	public NoTenantException() {
		super("No corp is bound to the current actor; tenant data cannot be read or written");
	}
}
