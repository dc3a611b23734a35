package io.siyu.segment;

import io.siyu.shared.BadRequestException;

/**
 * A condition that cannot be used, with where: "line 1, column 14" in the text form, a JSON path ({@code $.and[1].ids[0]})
 * in the JSON form. Never half-evaluated: a condition is checked completely before it runs.
 */
public class SegmentException extends BadRequestException {

	private final String where;

	private final String problem;

	public SegmentException(String where, String problem) {
		super("error.segment.invalid", "At " + where + ": " + problem, where, problem);
		this.where = where;
		this.problem = problem;
	}

	public String where() {
		return where;
	}

	public String problem() {
		return problem;
	}
}
