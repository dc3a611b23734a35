package io.siyu.wecom.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

import me.chanjar.weixin.cp.bean.external.contact.WxCpExternalContactInfo;

/**
 * Contacts just read from WeCom for a welcome (the customer's name), kept for the processing of the same add, which
 * would otherwise read the same contact again a moment later. Taken once; kept at most {@link #TTL} and
 * {@link #MAX_ENTRIES} (beyond either, processing reads the contact itself, as before).
 */
@Component
public class FreshContacts {

	static final Duration TTL = Duration.ofMinutes(2);

	static final int MAX_ENTRIES = 20_000;

	private final ConcurrentMap<Key, Read> reads = new ConcurrentHashMap<>();

	private final AtomicInteger puts = new AtomicInteger();

	/** Keeps a contact read at {@code readAt} (before the call went out). */
	public void keep(long corpId, String externalUserId, WxCpExternalContactInfo info, Instant readAt) {
		if (puts.incrementAndGet() % 1_000 == 0) {
			long stale = System.nanoTime() - TTL.toNanos();
			reads.values().removeIf(r -> r.keptAt() < stale);
		}
		if (reads.size() < MAX_ENTRIES) {
			reads.put(new Key(corpId, externalUserId), new Read(info, readAt, System.nanoTime()));
		}
	}

	/** The contact read at or after {@code notBefore}, once; empty when none is kept (or it is older). */
	public Optional<Read> take(long corpId, String externalUserId, Instant notBefore) {
		Read read = reads.remove(new Key(corpId, externalUserId));
		if (read == null || System.nanoTime() - read.keptAt() > TTL.toNanos() || read.readAt().isBefore(notBefore)) {
			return Optional.empty();
		}
		return Optional.of(read);
	}

	int size() {
		return reads.size();
	}

	public record Read(WxCpExternalContactInfo info, Instant readAt, long keptAt) {
	}

	private record Key(long corpId, String externalUserId) {
	}
}
