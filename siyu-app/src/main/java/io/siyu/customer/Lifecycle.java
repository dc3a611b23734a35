package io.siyu.customer;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/** Lifecycle stages of customers: every change is kept in the stage history and on the timeline. */
@Service
public class Lifecycle {

	private final TenantJdbc jdbc;

	private final Timeline timeline;

	private final Auditor auditor;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Lifecycle(TenantJdbc jdbc, Timeline timeline, Auditor auditor, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.timeline = timeline;
		this.auditor = auditor;
		this.events = events;
		this.clock = clock;
	}

	/** Sets the stage of customers by hand (the reason is recorded). Returns how many changed. */
	@Transactional
	public int set(Collection<Long> customerIds, Stage to, String reason) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		if (to == null) {
			throw new BadRequestException("error.stage.missing", "A stage is required");
		}
		List<Long> ids = List.copyOf(new LinkedHashSet<>(customerIds));
		long visible = ids.isEmpty() ? 0 : jdbc.sql("select count(*) from customer c where c.corp_id = :corp"
				+ " and c.id in (:ids) and c.merged_into is null and " + CustomerScope.visible("c.id"))
			.param("ids", ids).count();
		if (visible != ids.size()) {
			throw new NotFoundException("Some of the customers do not exist");
		}
		String why = reason == null || reason.isBlank() ? "manual" : reason.trim();
		int changed = Actors.callAs(Actors.require().onBehalfAsSystem(), () -> move(ids, to, why));
		auditor.record("customer.stage", "customer", ids.size() == 1 ? ids.get(0) : null,
				"Stage → " + to + " for " + changed + " customers (" + why + ")");
		return changed;
	}

	/**
	 * Moves customers to a stage (those already there are left alone), recording history and timeline. For the
	 * system and rules; the caller has checked what the actor may see.
	 */
	int move(List<Long> ids, Stage to, String reason) {
		if (ids.isEmpty()) {
			return 0;
		}
		Map<Long, Stage> current = new HashMap<>();
		for (int from = 0; from < ids.size(); from += 1000) {
			jdbc.sql("select id, stage from customer where corp_id = :corp and id in (:ids) and stage <> :to and "
					+ CustomerScope.system())
				.param("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
				.param("to", to.name())
				.list((rs, i) -> current.put(rs.getLong(1), Stage.valueOf(rs.getString(2))));
		}
		if (current.isEmpty()) {
			return 0;
		}
		Timestamp now = Timestamps.of(clock.instant());
		String actor = Actors.require().principal();
		List<Map<String, Object>> updates = new ArrayList<>();
		List<Timeline.NewEvent> notes = new ArrayList<>();
		current.forEach((id, from) -> {
			Map<String, Object> row = new HashMap<>();
			row.put("id", id);
			row.put("from", from.name());
			row.put("to", to.name());
			row.put("reason", reason.length() > 200 ? reason.substring(0, 200) : reason);
			row.put("actor", actor);
			row.put("now", now);
			updates.add(row);
			notes.add(new Timeline.NewEvent(id, TimelineKinds.STAGE_CHANGED, now.toInstant(), null, to.name(), null,
					from + " → " + to + ": " + reason));
		});
		jdbc.sql("update customer set stage = :to, stage_since = :now, updated_at = :now where id = :id"
				+ " and corp_id = :corp and " + CustomerScope.system()).batch(updates);
		jdbc.sql("insert into customer_stage_history (corp_id, customer_id, from_stage, to_stage, reason, actor, at)"
				+ " values (:corp, :id, :from, :to, :reason, :actor, :now)").batch(updates);
		timeline.appendAll(notes);
		long corp = Actors.require().requireCorp();
		current.forEach((id, from) -> events.publishEvent(new CustomerStageChanged(corp, id, from, to, reason,
				now.toInstant())));
		events.publishEvent(new CustomersChanged(corp, List.copyOf(current.keySet())));
		return current.size();
	}
}
