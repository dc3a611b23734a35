package io.siyu.shared;

/**
 * An error people may read: the English message (REST problem details) and, optionally, a message key with
 * arguments, so the console can say it in the user's language.
 */
public abstract class LocalizedException extends RuntimeException {

	private final String key;

	private final Object[] args;

	protected LocalizedException(String key, String message, Object... args) {
		super(message);
		this.key = key;
		this.args = args == null ? new Object[0] : args.clone();
	}

	public String key() {
		return key;
	}

	public Object[] args() {
		return args.clone();
	}
}
