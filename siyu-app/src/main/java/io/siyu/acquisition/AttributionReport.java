package io.siyu.acquisition;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Service;

import io.siyu.organization.OrgUnit;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffPlacement;
import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Attribution of adds to codes, per code, store (the member's unit), member and day (Asia/Shanghai): adds, lost (the
 * relation ended since), net adds, still friends after 1, 7 and 30 days (of the adds at least that old), lost rate, and
 * cost per add where a code's cost is entered (its cost over all its adds). Only codes within the caller's scope.
 */
@Service
public class AttributionReport {

	public static final int MAX_DAYS = 366;

	private final TenantJdbc jdbc;

	private final OrgUnits units;

	private final StaffDirectory staff;

	private final Clock clock;

	AttributionReport(TenantJdbc jdbc, OrgUnits units, StaffDirectory staff, Clock clock) {
		this.jdbc = jdbc;
		this.units = units;
		this.staff = staff;
		this.clock = clock;
	}

	public enum By {
		CODE, STORE, STAFF, DAY
	}

	public record Row(String key, String label, long adds, long lost, long net, Retention d1, Retention d7,
			Retention d30, double lostRate, Long costCents, Long costPerAddCents) {
	}

	/** Of {@code eligible} adds at least N days old, {@code retained} were still friends N days after the add. */
	public record Retention(long eligible, long retained) {

		public Double rate() {
			return eligible == 0 ? null : (double) retained / eligible;
		}
	}

	public record Day(LocalDate day, long adds, long lost, long net) {
	}

	/** Per day of one code (the caller must see the code). */
	public List<Day> days(long codeId, LocalDate from, LocalDate to) {
		Actors.require(Permission.CUSTOMERS_READ);
		LocalDate end = to == null ? LocalDate.now(clock.withZone(CodePush.CHINA)) : to;
		LocalDate start = from == null ? end.minusDays(29) : from;
		check(start, end);
		List<Arrival> arrivals = arrivals(new Query(null, codeId, null, start, end));
		Map<LocalDate, long[]> byDay = new TreeMap<>();
		for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
			byDay.put(d, new long[2]);
		}
		for (Arrival a : arrivals) {
			long[] c = byDay.get(a.day());
			c[0]++;
			if (a.lostAt() != null) {
				c[1]++;
			}
		}
		List<Day> out = new ArrayList<>();
		byDay.forEach((d, c) -> out.add(new Day(d, c[0], c[1], c[0] - c[1])));
		return out;
	}

	public record Query(CodeKind kind, Long codeId, Long batchId, LocalDate from, LocalDate to) {
	}

	public List<Row> rows(Query q, By by) {
		Actors.require(Permission.CUSTOMERS_READ);
		check(q.from(), q.to());
		List<Arrival> arrivals = arrivals(q);
		Map<String, List<Arrival>> groups = new LinkedHashMap<>();
		Map<String, String> labels = new HashMap<>();
		Map<Long, String> unitNames = new HashMap<>();
		if (by == By.STORE) {
			units.tree().forEach(u -> unitNames.put(u.id(), u.name()));
		}
		Map<String, StaffPlacement> members = by == By.STAFF
				? staff.placements(arrivals.stream().map(Arrival::userid).distinct().toList()) : Map.of();
		for (Arrival a : arrivals) {
			String key = switch (by) {
				case CODE -> String.valueOf(a.codeId());
				case STORE -> String.valueOf(a.unitId());
				case STAFF -> a.userid();
				case DAY -> a.day().toString();
			};
			groups.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
			labels.computeIfAbsent(key, k -> switch (by) {
				case CODE -> a.codeName();
				case STORE -> a.unitId() == null ? "—" : unitNames.getOrDefault(a.unitId(), String.valueOf(a.unitId()));
				case STAFF -> members.containsKey(a.userid()) ? members.get(a.userid()).name() : a.userid();
				case DAY -> k;
			});
		}
		Map<Long, long[]> costs = by == By.CODE ? costs(arrivals) : Map.of();
		Instant now = clock.instant();
		List<Row> rows = new ArrayList<>();
		groups.forEach((key, list) -> {
			long adds = list.size();
			long lost = list.stream().filter(a -> a.lostAt() != null).count();
			Long cost = null;
			Long perAdd = null;
			if (by == By.CODE) {
				long[] c = costs.get(list.get(0).codeId());
				if (c != null && c[0] >= 0) {
					cost = c[0];
					perAdd = c[1] == 0 ? null : Math.round((double) c[0] / c[1]);
				}
			}
			rows.add(new Row(key, labels.get(key), adds, lost, adds - lost, retention(list, 1, now),
					retention(list, 7, now), retention(list, 30, now), adds == 0 ? 0 : (double) lost / adds, cost, perAdd));
		});
		rows.sort(by == By.DAY ? Comparator.comparing(Row::key) : Comparator.comparingLong(Row::adds).reversed());
		return rows;
	}

	private static Retention retention(List<Arrival> list, int days, Instant now) {
		long eligible = 0;
		long retained = 0;
		Duration d = Duration.ofDays(days);
		for (Arrival a : list) {
			if (!a.addedAt().plus(d).isAfter(now)) {
				eligible++;
				if (a.lostAt() == null || a.lostAt().isAfter(a.addedAt().plus(d))) {
					retained++;
				}
			}
		}
		return new Retention(eligible, retained);
	}

	/** Per code: [cost or -1, adds over all time]. */
	private Map<Long, long[]> costs(List<Arrival> arrivals) {
		Map<Long, long[]> out = new HashMap<>();
		List<Long> ids = arrivals.stream().map(Arrival::codeId).distinct().toList();
		if (ids.isEmpty()) {
			return out;
		}
		jdbc.sql("select c.id, c.cost_cents, (select count(*) from acq_arrival a where a.corp_id = :corp and a.code_id = c.id)"
				+ " from acq_code c where c.corp_id = :corp and c.id in (:ids) and {scope:c.unit_id,-}")
			.param("ids", ids)
			.list((rs, i) -> {
				long cost = rs.getLong(2);
				return out.put(rs.getLong(1), new long[] { rs.wasNull() ? -1 : cost, rs.getLong(3) });
			});
		return out;
	}

	private List<Arrival> arrivals(Query q) {
		return jdbc.sql("select a.code_id, c.name, a.userid, a.unit_id, a.added_at, a.lost_at, a.add_day from acq_arrival a"
				+ " join acq_code c on c.id = a.code_id and c.corp_id = a.corp_id where a.corp_id = :corp"
				+ " and a.add_day between :from and :to and {scope:c.unit_id,-}"
				+ (q.kind() == null ? "" : " and c.kind = :kind") + (q.codeId() == null ? "" : " and c.id = :code")
				+ (q.batchId() == null ? "" : " and c.batch_id = :batch"))
			.param("from", q.from())
			.param("to", q.to())
			.param("kind", q.kind() == null ? null : q.kind().name())
			.param("code", q.codeId())
			.param("batch", q.batchId())
			.list((rs, i) -> new Arrival(rs.getLong(1), rs.getString(2), rs.getString(3),
					(Long) rs.getObject(4, Long.class), Timestamps.get(rs, "added_at"), Timestamps.get(rs, "lost_at"),
					rs.getObject(7, LocalDate.class)));
	}

	private static void check(LocalDate from, LocalDate to) {
		if (from == null || to == null || from.isAfter(to) || from.plusDays(MAX_DAYS).isBefore(to)) {
			throw new BadRequestException("error.acq.period", "A period is from ≤ to, at most " + MAX_DAYS + " days",
					MAX_DAYS);
		}
	}

	private record Arrival(long codeId, String codeName, String userid, Long unitId, Instant addedAt, Instant lostAt,
			LocalDate day) {
	}

	@SuppressWarnings("unused")
	private static Timestamp ts(Instant i) {
		return Timestamps.of(i);
	}

	@SuppressWarnings("unused")
	private static List<OrgUnit> none() {
		return List.of();
	}
}
