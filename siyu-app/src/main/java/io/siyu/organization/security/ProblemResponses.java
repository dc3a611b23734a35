package io.siyu.organization.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import io.siyu.shared.web.Problems;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 of the REST API as problem details. */
final class ProblemResponses {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProblemResponses() {
	}

	static AuthenticationEntryPoint unauthorized() {
		return (request, response, e) -> {
			response.setHeader("WWW-Authenticate", "Bearer");
			write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required");
		};
	}

	static AccessDeniedHandler forbidden() {
		return (request, response, e) -> write(response, HttpStatus.FORBIDDEN, "forbidden",
				"Your role does not allow this operation");
	}

	static void write(HttpServletResponse response, HttpStatus status, String slug, String detail) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(JSON.writeValueAsString(Problems.of(status, slug, status.getReasonPhrase(), detail)));
	}
}
