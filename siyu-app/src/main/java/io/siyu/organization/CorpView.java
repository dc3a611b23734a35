package io.siyu.organization;

import java.time.Instant;

/** A corp as the console shows it: secrets masked, never in full. */
public record CorpView(long id, String name, String wecomCorpId, Integer agentId, String secretMasked,
		String callbackTokenMasked, String aesKeyMasked, String apiBaseUrl, boolean demo, boolean active,
		Instant createdAt) {

	public boolean wecomConfigured() {
		return wecomCorpId != null && secretMasked != null && !secretMasked.isEmpty();
	}
}
