package io.siyu.audit;

import java.time.Instant;

public record AuditEntry(long id, String actor, String actorKind, String action, String targetType, String targetId,
		String summary, Instant at) {
}
