package io.siyu.shared;

import java.time.Instant;

/**
 * A state change worth an audit line. Published by the module that made the change, inside its
 * transaction; the audit module stores it in the same transaction, so the line and the change commit together.
 */
public record AuditEvent(Long corpId, String actor, Actor.Kind actorKind, String action, String targetType,
		String targetId, String summary, Instant at) {

	public static AuditEvent of(Actor actor, String action, String targetType, Object targetId, String summary,
			Instant at) {
		return new AuditEvent(actor.corpId(), actor.principal(), actor.kind(), action, targetType,
				targetId == null ? null : String.valueOf(targetId), summary, at);
	}
}
