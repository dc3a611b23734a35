package io.siyu.segment;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;

/**
 * Reads a corp's customers, relations, tags, field values and the last year of timeline events into a
 * {@link CorpIndex} (streamed, one pass per table), and re-reads given customers for incremental updates. Reads the
 * customer module's tables directly: the index is a read model of them, as the sync projections are of WeCom's.
 */
@Component
class IndexLoader {

	private final TenantJdbc jdbc;

	private final SegmentSettings settings;

	private final Clock clock;

	private final TransactionTemplate readOnly;

	IndexLoader(TenantJdbc jdbc, SegmentSettings settings, Clock clock, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.clock = clock;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Reads the corp's index from the database in one read-only transaction, so the driver streams each table with
	 * a cursor ({@link TenantJdbc#FETCH_SIZE} rows at a time, {@code stream}) instead of holding whole result sets: 20 M customers
	 * build in the index's own memory plus a few MB.
	 */
	CorpIndex build(long corpId) {
		return Actors.callAs(Actor.system(corpId), () -> readOnly.execute(status -> read(corpId)));
	}

	private CorpIndex read(long corpId) {
		long started = System.nanoTime();
		CorpIndex index = new CorpIndex(corpId);
		index.unitPaths = unitPaths();
		long maxEvent = jdbc.sql("select coalesce(max(e.id), 0) from customer_event e where e.corp_id = :corp and "
				+ TenantJdbc.UNSCOPED).value(Long.class).orElse(0L);
		jdbc.sql("select c.id, c.merged_into, c.gender, c.stage, c.first_added_at from customer c where c.corp_id = :corp"
				+ " and " + TenantJdbc.UNSCOPED + " order by c.id").stream(rs -> {
					int ord = index.ordinals.findOrAdd(rs.getLong(1));
					rs.getLong(2);
					if (rs.wasNull()) {
						index.attributes(ord, rs.getInt(3), rs.getString(4), day(rs.getTimestamp(5)));
					}
				});
		jdbc.sql("select t.customer_id, t.tag_id from customer_tag t where t.corp_id = :corp and " + TenantJdbc.UNSCOPED)
			.stream(rs -> {
				int ord = index.ordinal(rs.getLong(1));
				if (ord >= 0 && index.alive.contains(ord)) {
					index.tag(ord, rs.getLong(2));
				}
			});
		jdbc.sql("select f.customer_id, f.staff_id, f.unit_id, f.state, f.active from customer_follow f"
				+ " where f.corp_id = :corp and " + TenantJdbc.UNSCOPED).stream(rs -> {
					int ord = index.ordinal(rs.getLong(1));
					if (ord >= 0 && index.alive.contains(ord)) {
						index.relation(ord, relation(rs));
					}
				});
		jdbc.sql(FIELDS + " and " + TenantJdbc.UNSCOPED).stream(rs -> {
			int ord = index.ordinal(rs.getLong(1));
			if (ord >= 0 && index.alive.contains(ord)) {
				index.field(ord, field(rs));
			}
		});
		index.eventLow = Math.max(0, maxEvent - settings.eventSlack());
		jdbc.sql("select e.id, e.customer_id, e.kind, e.at, e.ref, e.amount from customer_event e where e.corp_id = :corp"
				+ " and e.id <= :max and e.at >= :from and " + TenantJdbc.UNSCOPED)
			.param("max", maxEvent)
			.param("from", Timestamp.from(windowStart()))
			.stream(rs -> addEvent(index, rs));
		index.optimize();
		index.buildMillis = (System.nanoTime() - started) / 1_000_000;
		return index;
	}

	private static final String FIELDS = "select v.customer_id, v.field_id, cf.type, v.text_value, v.number_value,"
			+ " v.date_value from customer_field_value v join custom_field cf on cf.id = v.field_id and cf.corp_id = :corp"
			+ " where v.corp_id = :corp";

	/** Re-reads these customers (facts, and events not yet indexed) into the index. Takes the write lock. */
	void refresh(CorpIndex index, List<Long> ids) {
		Actors.runAs(Actor.system(index.corpId), () -> {
			for (int from = 0; from < ids.size(); from += 500) {
				List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
				Map<Long, CustomerFacts> facts = facts(chunk);
				List<Object[]> events = new java.util.ArrayList<>();
				jdbc.sql("select e.id, e.customer_id, e.kind, e.at, e.ref, e.amount from customer_event e"
						+ " where e.corp_id = :corp and e.customer_id in (:ids) and e.id > :low and e.at >= :from and "
						+ TenantJdbc.UNSCOPED)
					.param("ids", chunk)
					.param("low", index.eventLow)
					.param("from", Timestamp.from(windowStart()))
					.forEach(rs -> events.add(new Object[] { rs.getLong(1), rs.getLong(2), rs.getString(3),
							rs.getTimestamp(4), rs.getString(5), rs.getObject(6) }));
				index.lock.writeLock().lock();
				try {
					index.putAll(facts.values());
					for (Object[] e : events) {
						if (index.seenEvents.add((Long) e[0])) {
							int ord = index.ordinal((Long) e[1]);
							if (ord >= 0) {
								index.behaviour.add(ord, (String) e[2], day((Timestamp) e[3]).toEpochDay(), (String) e[4],
										e[5] == null ? 0 : ((Number) e[5]).longValue());
							}
						}
					}
				}
				finally {
					index.lock.writeLock().unlock();
				}
			}
		});
	}

	private Map<Long, CustomerFacts> facts(List<Long> ids) {
		Map<Long, CustomerFacts> facts = new LinkedHashMap<>();
		jdbc.sql("select c.id, c.merged_into, c.gender, c.stage, c.first_added_at from customer c where c.corp_id = :corp"
				+ " and c.id in (:ids) and " + TenantJdbc.UNSCOPED).param("ids", ids).forEach(rs -> {
					CustomerFacts c = new CustomerFacts(rs.getLong(1));
					rs.getLong(2);
					c.merged = !rs.wasNull();
					c.gender = rs.getInt(3);
					c.stage = rs.getString(4);
					c.addedDay = day(rs.getTimestamp(5));
					facts.put(c.id, c);
				});
		jdbc.sql("select t.customer_id, t.tag_id from customer_tag t where t.corp_id = :corp and t.customer_id in (:ids)"
				+ " and " + TenantJdbc.UNSCOPED).param("ids", ids).forEach(rs -> {
					CustomerFacts c = facts.get(rs.getLong(1));
					if (c != null) {
						c.tags.add(rs.getLong(2));
					}
				});
		jdbc.sql("select f.customer_id, f.staff_id, f.unit_id, f.state, f.active from customer_follow f"
				+ " where f.corp_id = :corp and f.customer_id in (:ids) and " + TenantJdbc.UNSCOPED).param("ids", ids)
			.forEach(rs -> {
				CustomerFacts c = facts.get(rs.getLong(1));
				if (c != null) {
					c.relations.add(relation(rs));
				}
			});
		jdbc.sql(FIELDS + " and v.customer_id in (:ids) and " + TenantJdbc.UNSCOPED).param("ids", ids).forEach(rs -> {
			CustomerFacts c = facts.get(rs.getLong(1));
			if (c != null) {
				c.fields.add(field(rs));
			}
		});
		return facts;
	}

	/** Org unit id → path, for subtrees; read as the system (the tree itself is not secret, customers are). */
	Map<Long, String> unitPaths() {
		Map<Long, String> paths = new HashMap<>();
		jdbc.sql("select u.id, u.path from org_unit u where u.corp_id = :corp and " + TenantJdbc.UNSCOPED)
			.forEach(rs -> paths.put(rs.getLong(1), rs.getString(2)));
		return Map.copyOf(paths);
	}

	private void addEvent(CorpIndex index, ResultSet rs) throws SQLException {
		long id = rs.getLong(1);
		int ord = index.ordinal(rs.getLong(2));
		if (id > index.eventLow) {
			index.seenEvents.add(id);
		}
		if (ord < 0) {
			return;
		}
		long amount = rs.getLong(6);
		index.behaviour.add(ord, rs.getString(3), day(rs.getTimestamp(4)).toEpochDay(), rs.getString(5), amount);
	}

	/** The oldest instant a window can reach: the start of the day {@link Limits#MAX_DAYS} days before today. */
	Instant windowStart() {
		return today().minusDays(Limits.MAX_DAYS + 1L).atStartOfDay(zone()).toInstant();
	}

	LocalDate today() {
		return LocalDate.now(clock.withZone(zone()));
	}

	ZoneId zone() {
		return settings.zone();
	}

	private LocalDate day(Timestamp t) {
		return t == null ? null : t.toInstant().atZone(zone()).toLocalDate();
	}

	private static CustomerFacts.Relation relation(ResultSet rs) throws SQLException {
		long staff = rs.getLong(2);
		Long staffId = rs.wasNull() ? null : staff;
		long unit = rs.getLong(3);
		Long unitId = rs.wasNull() ? null : unit;
		return new CustomerFacts.Relation(staffId, unitId, rs.getString(4), rs.getBoolean(5));
	}

	private static CustomerFacts.FieldValue field(ResultSet rs) throws SQLException {
		long fieldId = rs.getLong(2);
		String type = rs.getString(3);
		return switch (type) {
			case "NUMBER" -> {
				BigDecimal n = rs.getBigDecimal(5);
				yield new CustomerFacts.FieldValue(fieldId, null, n, null);
			}
			case "DATE" -> {
				java.sql.Date d = rs.getDate(6);
				yield new CustomerFacts.FieldValue(fieldId, null, null, d == null ? null : d.toLocalDate());
			}
			case "MULTI" -> {
				String t = rs.getString(4);
				yield new CustomerFacts.FieldValue(fieldId, t == null ? List.of() : Arrays.asList(t.split("\n")), null, null);
			}
			default -> {
				String t = rs.getString(4);
				yield new CustomerFacts.FieldValue(fieldId, t == null ? List.of() : List.of(t), null, null);
			}
		};
	}
}
