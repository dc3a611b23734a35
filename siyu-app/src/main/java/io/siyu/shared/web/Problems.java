package io.siyu.shared.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Stable problem types of the REST API (RFC 9457). Integrators branch on {@code type}, people read {@code detail}. */
public final class Problems {

	private Problems() {
	}

	public static URI type(String slug) {
		return URI.create("urn:siyu:problem:" + slug);
	}

	public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(slug));
		problem.setTitle(title);
		return problem;
	}
}
