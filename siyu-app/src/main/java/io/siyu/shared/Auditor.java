package io.siyu.shared;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** Records who changed what, as the current actor. Call it inside the transaction that makes the change. */
@Component
public class Auditor {

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Auditor(ApplicationEventPublisher events, Clock clock) {
		this.events = events;
		this.clock = clock;
	}

	public void record(String action, String targetType, Object targetId, String summary) {
		Actor actor = Actors.require();
		events.publishEvent(AuditEvent.of(actor, action, targetType, targetId, summary, clock.instant()));
	}

	/** For changes made before an actor exists in a corp (platform administration). */
	public void record(Actor actor, String action, String targetType, Object targetId, String summary) {
		events.publishEvent(AuditEvent.of(actor, action, targetType, targetId, summary, clock.instant()));
	}
}
