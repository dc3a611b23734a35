package io.siyu.shared.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on API writes: the first request with a key runs; a repeat with the same key and the
 * same request returns the first result; the same key with a different request is refused. Keys live 24 hours.
 * Runs after authentication, so keys are per corp.
 */
@Component
public class IdempotencyFilter extends OncePerRequestFilter {

	public static final String HEADER = "Idempotency-Key";

	static final int MAX_BODY = 1_048_576;

	private static final int MAX_STORED = 1_000_000;

	private final TenantJdbc jdbc;

	private final JdbcClient platformJdbc;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	IdempotencyFilter(TenantJdbc jdbc, JdbcClient platformJdbc, Clock clock) {
		this.jdbc = jdbc;
		this.platformJdbc = platformJdbc;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		boolean write = method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
				|| method.equals("DELETE");
		return !write || request.getHeader(HEADER) == null || Actors.current().isEmpty();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER).trim();
		if (key.isEmpty() || key.length() > 200) {
			problem(response, HttpStatus.BAD_REQUEST, "bad-idempotency-key", "Idempotency-Key must be 1–200 characters");
			return;
		}
		CachedBodyRequest cached;
		try {
			cached = new CachedBodyRequest(request, MAX_BODY);
		}
		catch (CachedBodyRequest.TooLargeException e) {
			problem(response, HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "The request body exceeds 1 MiB");
			return;
		}
		String hash = hash(request.getMethod(), request.getRequestURI(), cached.body());
		if (!claim(key, hash)) {
			replayOrRefuse(key, hash, response);
			return;
		}
		ContentCachingResponseWrapper wrapped = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(cached, wrapped);
		}
		catch (IOException | ServletException | RuntimeException e) {
			release(key);
			throw e;
		}
		byte[] body = wrapped.getContentAsByteArray();
		if (wrapped.getStatus() >= 500 || body.length > MAX_STORED) {
			release(key); // a failed or unstorable result must not be replayed: the client may retry
		}
		else {
			store(key, wrapped.getStatus(), wrapped.getContentType(), new String(body, StandardCharsets.UTF_8));
		}
		wrapped.copyBodyToResponse();
	}

	private boolean claim(String key, String hash) {
		try {
			jdbc.sql("insert into idempotency_record (corp_id, idem_key, request_hash, status, created_at)"
					+ " values (:corp, :key, :hash, 0, :now)")
				.param("key", key)
				.param("hash", hash)
				.param("now", java.sql.Timestamp.from(clock.instant()))
				.update();
			return true;
		}
		catch (DuplicateKeyException e) {
			return false;
		}
	}

	private void replayOrRefuse(String key, String hash, HttpServletResponse response) throws IOException {
		Optional<Stored> stored = jdbc
			.sql("select request_hash, status, content_type, body from idempotency_record"
					+ " where corp_id = :corp and idem_key = :key")
			.param("key", key)
			.optional((rs, i) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)));
		if (stored.isEmpty()) {
			problem(response, HttpStatus.CONFLICT, "idempotency-in-progress",
					"A request with this Idempotency-Key was just released; retry");
		}
		else if (!stored.get().hash().equals(hash)) {
			problem(response, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
					"This Idempotency-Key was used for a different request");
		}
		else if (stored.get().status() == 0) {
			problem(response, HttpStatus.CONFLICT, "idempotency-in-progress",
					"A request with this Idempotency-Key is still in progress");
		}
		else {
			response.setStatus(stored.get().status());
			if (stored.get().contentType() != null) {
				response.setContentType(stored.get().contentType());
			}
			response.setHeader("Idempotent-Replayed", "true");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.getWriter().write(stored.get().body() == null ? "" : stored.get().body());
		}
	}

	private void store(String key, int status, String contentType, String body) {
		jdbc.sql("update idempotency_record set status = :status, content_type = :type, body = :body"
				+ " where corp_id = :corp and idem_key = :key")
			.param("status", status)
			.param("type", contentType)
			.param("body", body)
			.param("key", key)
			.update();
	}

	private void release(String key) {
		jdbc.sql("delete from idempotency_record where corp_id = :corp and idem_key = :key").param("key", key).update();
	}

	/** Keys older than a day are forgotten across all corps; idempotent, so several nodes may run it. */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	void expire() {
		platformJdbc.sql("delete from idempotency_record where created_at < ?")
			.param(java.sql.Timestamp.from(clock.instant().minus(Duration.ofHours(24))))
			.update();
	}

	private void problem(HttpServletResponse response, HttpStatus status, String slug, String detail)
			throws IOException {
		ProblemDetail problem = Problems.of(status, slug, status.getReasonPhrase(), detail);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(json.writeValueAsString(problem));
	}

	static String hash(String method, String uri, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((method + " " + uri + "\n").getBytes(StandardCharsets.UTF_8));
			digest.update(body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private record Stored(String hash, int status, String contentType, String body) {
	}
}
