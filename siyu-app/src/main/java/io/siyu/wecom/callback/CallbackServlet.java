package io.siyu.wecom.callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.siyu.shared.NotFoundException;

/**
 * {@code /wecom/callback/{corpId}}: GET answers WeCom's URL verification, POST takes events. A valid event is stored
 * and answered at once (WeCom waits 5 s, then retries); the work happens after commit.
 * <p>
 * A plain servlet, not a Spring MVC controller: in a burst of adds every callback carries a 20-second welcome behind it,
 * and MVC's dispatch (handler lookup over every mapping, argument resolution, return-value handling) was 39 % of the
 * intake's CPU (W6 profile, docs/benchmarks.md). Boot's servlet filters (observations) still apply; Spring Security's
 * do not (the path is ignored, see SecurityConfiguration). Refusals: 403 forged, 400 malformed or stale or missing a
 * parameter, 404 unknown corp, 413 too large — each with a plain-text reason, and nothing stored.
 */
class CallbackServlet extends HttpServlet {

	private static final Logger log = LoggerFactory.getLogger(CallbackServlet.class);

	static final String PATH = "/wecom/callback/";

	private final transient CallbackIntake intake;

	private final transient CallbackSettings settings;

	private final transient Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

	CallbackServlet(CallbackIntake intake, CallbackSettings settings, MeterRegistry metrics) {
		this.intake = intake;
		this.settings = settings;
		for (Outcome o : Outcome.values()) {
			counters.put(o, metrics.counter("siyu.wecom.callbacks", "outcome", o.tag));
		}
	}

	enum Outcome {
		STORED("stored"), DUPLICATE("duplicate"), FORGED("forged"), BAD("bad"), UNKNOWN("unknown-corp"),
		TOO_LARGE("too-large");

		final String tag;

		Outcome(String tag) {
			this.tag = tag;
		}
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		handle(request, response, false);
	}

	@Override
	protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
		handle(request, response, true);
	}

	private void handle(HttpServletRequest request, HttpServletResponse response, boolean post) throws IOException {
		try {
			String corpId = corpId(request);
			String signature = required(request, "msg_signature");
			String timestamp = required(request, "timestamp");
			String nonce = required(request, "nonce");
			if (!post) {
				answer(response, HttpServletResponse.SC_OK, intake.verifyUrl(corpId, signature, timestamp, nonce,
						required(request, "echostr")));
				return;
			}
			String body = read(request);
			CallbackIntake.Accepted accepted = intake.accept(corpId, signature, timestamp, nonce, body);
			counters.get(accepted.stored() ? Outcome.STORED : Outcome.DUPLICATE).increment();
			answer(response, HttpServletResponse.SC_OK, "success");
		}
		catch (CallbackIntake.ForgedCallbackException e) {
			refuse(response, HttpServletResponse.SC_FORBIDDEN, Outcome.FORGED, "Refused: " + e.getMessage());
		}
		catch (BadCallbackException e) {
			refuse(response, HttpServletResponse.SC_BAD_REQUEST, Outcome.BAD, "Refused: " + e.getMessage());
		}
		catch (NotFoundException e) {
			refuse(response, HttpServletResponse.SC_NOT_FOUND, Outcome.UNKNOWN, e.getMessage());
		}
		catch (TooLargeException e) {
			refuse(response, 413, Outcome.TOO_LARGE, "Refused: body larger than " + settings.maxBody() + " bytes");
		}
	}

	/** The corp id: the one path segment after {@link #PATH}. */
	private static String corpId(HttpServletRequest request) {
		String info = request.getPathInfo();
		String id = info == null ? "" : info.startsWith("/") ? info.substring(1) : info;
		if (id.isEmpty() || id.indexOf('/') >= 0) {
			throw new NotFoundException("No WeCom corp at " + request.getRequestURI());
		}
		return id;
	}

	private static String required(HttpServletRequest request, String name) {
		String value = request.getParameter(name);
		if (value == null) {
			throw new BadCallbackException("missing " + name);
		}
		return value;
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

	private void refuse(HttpServletResponse response, int status, Outcome outcome, String message) throws IOException {
		counters.get(outcome).increment();
		log.warn("WeCom callback refused ({}): {}", status, message);
		answer(response, status, message);
	}

	private static void answer(HttpServletResponse response, int status, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType("text/plain;charset=UTF-8");
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	static class TooLargeException extends RuntimeException {
	}

	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		ServletRegistrationBean<CallbackServlet> callbackServlet(CallbackIntake intake, CallbackSettings settings,
				MeterRegistry metrics) {
			ServletRegistrationBean<CallbackServlet> bean = new ServletRegistrationBean<>(
					new CallbackServlet(intake, settings, metrics), PATH + "*");
			bean.setName("wecomCallbacks");
			bean.setLoadOnStartup(1);
			return bean;
		}
	}
}
