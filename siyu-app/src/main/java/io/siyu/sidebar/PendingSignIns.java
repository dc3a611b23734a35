package io.siyu.sidebar;

import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;

/**
 * Sign-ins waiting for WeCom's answer, kept in the browser's session: the OAuth {@code state} is a random value that
 * only this session knows (a code obtained elsewhere cannot be planted here), usable once, for one corp, within
 * the sign-in timeout. Where to go afterwards is kept here too, never taken from WeCom's redirect.
 */
@Component
class PendingSignIns {

	static final String ATTRIBUTE = "siyu.sidebar.pending";

	/** A few tabs may sign in at once; older waits are dropped beyond this. */
	private static final int MAX = 5;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SidebarSettings settings;

	private final Clock clock;

	PendingSignIns(SidebarSettings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
	}

	/** Starts a sign-in for the corp; returns its state. */
	String begin(HttpSession session, long corpId, String next) {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		synchronized (session) {
			Map<String, Pending> pending = pending(session);
			pending.put(state, new Pending(corpId, next, clock.instant()));
			Iterator<String> oldest = pending.keySet().iterator();
			while (pending.size() > MAX) {
				oldest.next();
				oldest.remove();
			}
			session.setAttribute(ATTRIBUTE, pending);
		}
		return state;
	}

	/** The sign-in this state started, taken (a state works once); empty if unknown, for another corp or too old. */
	Optional<Pending> take(HttpSession session, String state, long corpId) {
		if (session == null || state == null) {
			return Optional.empty();
		}
		Pending found;
		synchronized (session) {
			Map<String, Pending> pending = pending(session);
			found = pending.remove(state);
			session.setAttribute(ATTRIBUTE, pending);
		}
		return Optional.ofNullable(found)
			.filter(p -> p.corpId() == corpId)
			.filter(p -> p.startedAt().plus(settings.signInTimeout()).isAfter(clock.instant()));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Pending> pending(HttpSession session) {
		Object stored = session.getAttribute(ATTRIBUTE);
		return stored instanceof LinkedHashMap<?, ?> map ? (LinkedHashMap<String, Pending>) map : new LinkedHashMap<>();
	}

	record Pending(long corpId, String next, Instant startedAt) implements Serializable {
	}
}
