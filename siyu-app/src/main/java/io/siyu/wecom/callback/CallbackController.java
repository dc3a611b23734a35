package io.siyu.wecom.callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.core.instrument.MeterRegistry;
import io.siyu.shared.NotFoundException;

/**
 * {@code /wecom/callback/{corpId}}: GET answers WeCom's URL verification, POST takes events. A valid event is
 * stored and answered at once (WeCom waits 5 s, then retries); the work happens after commit.
 */
@RestController
class CallbackController {

	private static final Logger log = LoggerFactory.getLogger(CallbackController.class);

	private final CallbackIntake intake;

	private final CallbackSettings settings;

	private final MeterRegistry metrics;

	CallbackController(CallbackIntake intake, CallbackSettings settings, MeterRegistry metrics) {
		this.intake = intake;
		this.settings = settings;
		this.metrics = metrics;
	}

	@GetMapping(path = "/wecom/callback/{corpId}", produces = MediaType.TEXT_PLAIN_VALUE)
	String verify(@PathVariable String corpId, @RequestParam("msg_signature") String signature,
			@RequestParam String timestamp, @RequestParam String nonce, @RequestParam String echostr) {
		return intake.verifyUrl(corpId, signature, timestamp, nonce, echostr);
	}

	@PostMapping(path = "/wecom/callback/{corpId}", produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> receive(@PathVariable String corpId, @RequestParam("msg_signature") String signature,
			@RequestParam String timestamp, @RequestParam String nonce, HttpServletRequest request) throws IOException {
		String body = read(request);
		CallbackIntake.Accepted accepted = intake.accept(corpId, signature, timestamp, nonce, body);
		metrics.counter("siyu.wecom.callbacks", "outcome", accepted.stored() ? "stored" : "duplicate").increment();
		return ResponseEntity.ok("success");
	}

	private String read(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > settings.maxBody()) {
			throw new TooLargeException();
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes(settings.maxBody() + 1);
			if (body.length > settings.maxBody()) {
				throw new TooLargeException();
			}
			return new String(body, StandardCharsets.UTF_8);
		}
	}

	@ExceptionHandler(CallbackIntake.ForgedCallbackException.class)
	ResponseEntity<String> forged(CallbackIntake.ForgedCallbackException e) {
		return refuse(HttpStatus.FORBIDDEN, "forged", "Refused: " + e.getMessage());
	}

	@ExceptionHandler(BadCallbackException.class)
	ResponseEntity<String> bad(BadCallbackException e) {
		return refuse(HttpStatus.BAD_REQUEST, "bad", "Refused: " + e.getMessage());
	}

	@ExceptionHandler(NotFoundException.class)
	ResponseEntity<String> unknown(NotFoundException e) {
		return refuse(HttpStatus.NOT_FOUND, "unknown-corp", e.getMessage());
	}

	@ExceptionHandler(TooLargeException.class)
	ResponseEntity<String> tooLarge(TooLargeException e) {
		return refuse(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Refused: body larger than " + settings.maxBody() + " bytes");
	}

	@ExceptionHandler(org.springframework.web.bind.MissingServletRequestParameterException.class)
	ResponseEntity<String> missing(org.springframework.web.bind.MissingServletRequestParameterException e) {
		return refuse(HttpStatus.BAD_REQUEST, "bad", "Refused: missing " + e.getParameterName());
	}

	private ResponseEntity<String> refuse(HttpStatus status, String outcome, String message) {
		metrics.counter("siyu.wecom.callbacks", "outcome", outcome).increment();
		log.warn("WeCom callback refused ({}): {}", status.value(), message);
		return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message);
	}

	static class TooLargeException extends RuntimeException {
	}
}
