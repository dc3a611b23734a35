package io.siyu.segment;

/** Sizes a condition may have: beyond them it is refused before anything runs. */
final class Limits {

	static final int MAX_TEXT = 20_000;

	static final int MAX_PREDICATES = 200;

	static final int MAX_DEPTH = 24;

	static final int MAX_LIST = 1_000;

	static final int MAX_DAYS = 365;

	static final int MAX_STRING = 200;

	private Limits() {
	}
}
