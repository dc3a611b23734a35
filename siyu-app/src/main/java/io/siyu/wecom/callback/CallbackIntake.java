package io.siyu.wecom.callback;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.siyu.organization.Corps;
import io.siyu.organization.WeComCredentials;
import io.siyu.shared.NotFoundException;
import io.siyu.wecom.WelcomeCodeReceived;

/**
 * Checks a callback the way WeCom signs it: known corp, signature, fresh timestamp, decryptable, addressed to this
 * corp (receiveid and ToUserName). Anything else is refused before a single row is written. Once stored, an add that
 * carries a welcome code is announced at once ({@link WelcomeCodeReceived}), ahead of the processing queue.
 */
@Component
class CallbackIntake {

	private final Corps corps;

	private final CallbackInbox inbox;

	private final CallbackProcessor processor;

	private final CallbackSettings settings;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private static final Logger log = LoggerFactory.getLogger(CallbackIntake.class);

	private static final long CACHE_NANOS = java.time.Duration.ofMinutes(1).toNanos();

	private final java.util.concurrent.ConcurrentMap<String, Connected> connections = new java.util.concurrent.ConcurrentHashMap<>();

	CallbackIntake(Corps corps, CallbackInbox inbox, CallbackProcessor processor, CallbackSettings settings,
			Clock clock, ApplicationEventPublisher events) {
		this.events = events;
		this.corps = corps;
		this.inbox = inbox;
		this.processor = processor;
		this.settings = settings;
		this.clock = clock;
	}

	/** URL verification: the decrypted echostr, to be answered as is. */
	String verifyUrl(String wecomCorpId, String signature, String timestamp, String nonce, String echostr) {
		Connected corp = connected(wecomCorpId);
		if (!corp.crypto().verify(signature, timestamp, nonce, echostr)) {
			throw new ForgedCallbackException("signature mismatch");
		}
		CallbackCrypto.Decrypted decrypted = corp.crypto().decrypt(echostr);
		requireAddressedTo(decrypted, wecomCorpId);
		return decrypted.message();
	}

	/** An event: verified, stored once, then processed after the row is committed. */
	Accepted accept(String wecomCorpId, String signature, String timestamp, String nonce, String body) {
		Connected corp = connected(wecomCorpId);
		Map<String, String> envelope = CallbackXml.parse(body);
		String encrypted = envelope.get("Encrypt");
		if (encrypted == null || encrypted.isEmpty()) {
			throw new BadCallbackException("the envelope has no Encrypt element");
		}
		if (!corp.crypto().verify(signature, timestamp, nonce, encrypted)) {
			throw new ForgedCallbackException("signature mismatch");
		}
		requireFresh(timestamp);
		CallbackCrypto.Decrypted decrypted = corp.crypto().decrypt(encrypted);
		requireAddressedTo(decrypted, wecomCorpId);
		Map<String, String> fields = CallbackXml.parse(decrypted.message());
		String to = fields.get("ToUserName");
		if (to != null && !to.equals(wecomCorpId)) {
			throw new ForgedCallbackException("ToUserName is another corp");
		}
		CallbackInbox.createTime(fields);
		Optional<Long> stored = inbox.store(corp.corpId(), decrypted.message(), fields);
		stored.ifPresent(id -> {
			welcomeCode(corp.corpId(), fields);
			processor.processSoon(id, corp.corpId());
		});
		return new Accepted(stored.isPresent());
	}

	/**
	 * An add with a welcome code is announced before it is processed: the welcome has 20 seconds, processing may queue
	 * behind a burst. A listener that fails here costs nothing but speed (processing announces the add again).
	 */
	private void welcomeCode(long corpId, Map<String, String> fields) {
		String change = fields.getOrDefault("ChangeType", "");
		String code = fields.get("WelcomeCode");
		String userid = fields.get("UserID");
		String external = fields.get("ExternalUserID");
		if (!"change_external_contact".equals(fields.get("Event")) || code == null || code.isEmpty() || userid == null
				|| userid.isEmpty() || external == null || external.isEmpty()
				|| !(change.equals("add_external_contact") || change.equals("add_half_external_contact"))) {
			return;
		}
		try {
			events.publishEvent(new WelcomeCodeReceived(corpId, userid, external, fields.get("State"), code,
					Instant.ofEpochSecond(CallbackInbox.createTime(fields))));
		}
		catch (RuntimeException e) {
			log.warn("Early welcome of callback for {} not started: {}", external, e.getMessage());
		}
	}

	/** Settings are read once per corp and kept until they change (WeComSettingsChanged) or a minute passes. */
	private Connected connected(String wecomCorpId) {
		Connected cached = connections.get(wecomCorpId);
		if (cached != null && cached.loadedAt() > System.nanoTime() - CACHE_NANOS) {
			return cached;
		}
		Connected loaded = load(wecomCorpId);
		connections.put(wecomCorpId, loaded);
		return loaded;
	}

	@org.springframework.transaction.event.TransactionalEventListener(fallbackExecution = true)
	void on(io.siyu.organization.WeComSettingsChanged changed) {
		connections.clear();
	}

	private Connected load(String wecomCorpId) {
		long corpId = corps.byWeComCorpId(wecomCorpId)
			.orElseThrow(() -> new NotFoundException("Unknown corp " + wecomCorpId));
		WeComCredentials credentials = corps.credentials(corpId)
			.filter(c -> c.callbackToken() != null && c.aesKey() != null)
			.orElseThrow(() -> new NotFoundException("Corp " + wecomCorpId + " has no callback token and key"));
		return new Connected(corpId, new CallbackCrypto(credentials.callbackToken(), credentials.aesKey()), System.nanoTime());
	}

	private void requireFresh(String timestamp) {
		long sent;
		try {
			sent = Long.parseLong(timestamp);
		}
		catch (NumberFormatException e) {
			throw new BadCallbackException("timestamp is not a number");
		}
		long now = clock.instant().getEpochSecond();
		if (Math.abs(now - sent) > settings.maxSkew().toSeconds()) {
			throw new StaleCallbackException("timestamp is " + (now - sent) + " s away from now");
		}
	}

	private static void requireAddressedTo(CallbackCrypto.Decrypted decrypted, String wecomCorpId) {
		if (!decrypted.receiveId().equals(wecomCorpId)) {
			throw new ForgedCallbackException("the message is addressed to another corp");
		}
	}

	record Connected(long corpId, CallbackCrypto crypto, long loadedAt) {
	}

	record Accepted(boolean stored) {
	}

	static class ForgedCallbackException extends BadCallbackException {

		ForgedCallbackException(String message) {
			super(message);
		}
	}

	static class StaleCallbackException extends BadCallbackException {

		StaleCallbackException(String message) {
			super(message);
		}
	}
}
