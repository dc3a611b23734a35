package io.siyu.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Every event about a customer, newest first. Append-only: other modules append their own kinds (a group joined, a
 * link clicked, an order, a coupon …) through {@link #append}; nothing is ever updated or deleted.
 */
@Service
public class Timeline {

	private static final String COLUMNS = "e.id, e.customer_id, e.kind, e.at, e.userid, e.ref, e.amount, e.detail, e.actor";

	private final TenantJdbc jdbc;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	Timeline(TenantJdbc jdbc, Clock clock, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.events = events;
	}

	/** Appends one event, as the current actor. The customer must be visible to the actor. */
	@Transactional
	public void append(long customerId, String kind, Instant at, String userid, String ref, Long amount, String detail) {
		requireKind(kind);
		if (jdbc.sql("select count(*) from customer c where c.id = :id and c.corp_id = :corp and "
				+ CustomerScope.visible("c.id")).param("id", customerId).count() == 0) {
			throw new NotFoundException("Customer " + customerId + " not found");
		}
		Instant when = at == null ? clock.instant() : at;
		appendAll(List.of(new NewEvent(customerId, kind, when, userid, ref, amount, detail)));
		events.publishEvent(new TimelineAppended(Actors.require().requireCorp(), customerId, kind, when, userid, ref, amount,
				detail));
	}

	/** Appends events in one batch, as the current actor (the caller has checked the customers). */
	void appendAll(List<NewEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		String actor = Actors.require().principal();
		List<Map<String, Object>> rows = new ArrayList<>(events.size());
		for (NewEvent e : events) {
			Map<String, Object> row = new HashMap<>();
			row.put("customer", e.customerId());
			row.put("kind", e.kind());
			row.put("at", Timestamps.of(e.at()));
			row.put("userid", e.userid());
			row.put("ref", truncate(e.ref(), 128));
			row.put("amount", e.amount());
			row.put("detail", truncate(e.detail(), 2000));
			row.put("actor", actor);
			rows.add(row);
		}
		jdbc.sql("insert into customer_event (corp_id, customer_id, kind, at, userid, ref, amount, detail, actor)"
				+ " values (:corp, :customer, :kind, :at, :userid, :ref, :amount, :detail, :actor)").batch(rows);
		// behaviour read models (segments) re-read the customers' new events after commit
		this.events.publishEvent(new CustomersChanged(Actors.require().requireCorp(),
				events.stream().map(NewEvent::customerId).distinct().toList()));
		this.events.publishEvent(new TimelineBatchAppended(Actors.require().requireCorp(),
				events.stream().map(NewEvent::customerId).distinct().toList(),
				events.stream().map(NewEvent::kind).collect(java.util.stream.Collectors.toSet())));
	}

	/**
	 * A page of the customer's timeline, newest first: events strictly before the cursor ({@code beforeId}, null for
	 * the newest). Optionally only some kinds. For endless scrolling pass the last id of the previous page.
	 */
	public List<TimelineEntry> page(long customerId, Long beforeId, int limit, List<String> kinds) {
		Actors.require(Permission.CUSTOMERS_READ);
		if (limit < 1 || limit > 200) {
			throw new BadRequestException("limit must be between 1 and 200");
		}
		if (jdbc.sql("select count(*) from customer c where c.id = :id and c.corp_id = :corp and "
				+ CustomerScope.visible("c.id")).param("id", customerId).count() == 0) {
			throw new NotFoundException("Customer " + customerId + " not found");
		}
		String cursor = "";
		if (beforeId != null) {
			cursor = " and (e.at < (select b.at from customer_event b where b.id = :before and b.corp_id = :corp)"
					+ " or (e.at = (select b.at from customer_event b where b.id = :before and b.corp_id = :corp)"
					+ " and e.id < :before))";
		}
		String kindFilter = kinds == null || kinds.isEmpty() ? "" : " and e.kind in (:kinds)";
		TenantJdbc.Statement sql = jdbc.sql("select " + COLUMNS + " from customer_event e where e.customer_id = :id"
				+ " and e.corp_id = :corp and " + CustomerScope.visible("e.customer_id") + cursor + kindFilter
				+ " order by e.at desc, e.id desc limit :limit")
			.param("id", customerId)
			.param("limit", limit);
		if (beforeId != null) {
			sql.param("before", beforeId);
		}
		if (!kindFilter.isEmpty()) {
			sql.param("kinds", kinds);
		}
		return sql.list(Timeline::map);
	}

	private static TimelineEntry map(ResultSet rs, int i) throws SQLException {
		return new TimelineEntry(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("kind"),
				Timestamps.get(rs, "at"), rs.getString("userid"), rs.getString("ref"), Timestamps.nullableLong(rs, "amount"),
				rs.getString("detail"), rs.getString("actor"));
	}

	private static void requireKind(String kind) {
		if (kind == null || !kind.matches("[a-z][a-z0-9_]{1,39}")) {
			throw new BadRequestException("error.timeline.kind", "A timeline kind is 2–40 lower-case letters, digits or _");
		}
	}

	private static String truncate(String s, int max) {
		return s == null || s.length() <= max ? s : s.substring(0, max);
	}

	/** An event to append. */
	record NewEvent(long customerId, String kind, Instant at, String userid, String ref, Long amount, String detail) {
	}
}
