package io.siyu.segment;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The straightforward SQL meaning of a condition, written independently of the engine (RFM as CASE expressions over
 * counts and sums, windows as instants): the oracle of the engine-versus-database tests.
 */
final class SqlOracle {

	private final NamedParameterJdbcTemplate jdbc;

	private final Map<Long, String> fieldTypes;

	private final LocalDate today;

	private final ZoneId zone;

	private MapSqlParameterSource params;

	private int n;

	SqlOracle(NamedParameterJdbcTemplate jdbc, Map<Long, String> fieldTypes, LocalDate today, ZoneId zone) {
		this.jdbc = jdbc;
		this.fieldTypes = fieldTypes;
		this.today = today;
		this.zone = zone;
	}

	/** Ids of the corp's live customers matching, within a scope: null (whole corp), a unit subtree or a staff member. */
	List<Long> ids(long corp, Expr e, Long scopeUnit, Long scopeStaff) {
		params = new MapSqlParameterSource("corp", corp);
		n = 0;
		String where = sql(e);
		String scope = "";
		if (scopeUnit != null) {
			params.addValue("scopeUnit", scopeUnit);
			scope = " and c.id in (select sf.customer_id from customer_follow sf where sf.corp_id = :corp and sf.unit_id in"
					+ " (select u.id from org_unit u join org_unit r on u.path like r.path || '%' where r.id = :scopeUnit))";
		}
		else if (scopeStaff != null) {
			params.addValue("scopeStaff", scopeStaff);
			scope = " and c.id in (select sf.customer_id from customer_follow sf where sf.corp_id = :corp"
					+ " and sf.staff_id = :scopeStaff)";
		}
		return jdbc.queryForList("select c.id from customer c where c.corp_id = :corp and c.merged_into is null" + scope
				+ " and (" + where + ") order by c.id", params, Long.class);
	}

	private String p(Object value) {
		String name = "p" + n++;
		params.addValue(name, value);
		return ":" + name;
	}

	private Timestamp start(LocalDate day) {
		return Timestamp.from(day.atStartOfDay(zone).toInstant());
	}

	private String sql(Expr e) {
		if (e instanceof Expr.And and) {
			return and.items().stream().map(i -> "(" + sql(i) + ")").collect(Collectors.joining(" and "));
		}
		if (e instanceof Expr.Or or) {
			return or.items().stream().map(i -> "(" + sql(i) + ")").collect(Collectors.joining(" or "));
		}
		if (e instanceof Expr.Not not) {
			return "not (" + sql(not.item()) + ")";
		}
		if (e instanceof Expr.Tags t) {
			String has = "exists (select 1 from customer_tag t where t.corp_id = :corp and t.customer_id = c.id and t.tag_id = %s)";
			return switch (t.match()) {
				case ANY -> t.tagIds().stream().map(id -> String.format(has, p(id))).collect(Collectors.joining(" or "));
				case ALL -> t.tagIds().stream().map(id -> String.format(has, p(id))).collect(Collectors.joining(" and "));
				case NONE -> t.tagIds().stream().map(id -> "not " + String.format(has, p(id))).collect(Collectors.joining(" and "));
			};
		}
		if (e instanceof Expr.Gender g) {
			return "coalesce(c.gender, 0) in (" + p(g.values()) + ")";
		}
		if (e instanceof Expr.StageIn s) {
			return "c.stage in (" + p(s.stages()) + ")";
		}
		if (e instanceof Expr.Channel ch) {
			return "exists (select 1 from customer_follow f where f.corp_id = :corp and f.customer_id = c.id and f.state in ("
					+ p(ch.states()) + "))";
		}
		if (e instanceof Expr.Added a) {
			return "c.first_added_at is not null and " + added(a);
		}
		if (e instanceof Expr.AddedWithin a) {
			return "c.first_added_at is not null and c.first_added_at >= " + p(start(today.minusDays(a.days() - 1)));
		}
		return other(e);
	}

	/** SQL's three-valued logic would make NOT of an unknown date unknown; a missing date is simply no match. */
	private String added(Expr.Added a) {
		LocalDate d = a.date();
		return switch (a.cmp()) {
				case GE -> "c.first_added_at >= " + p(start(d));
				case GT -> "c.first_added_at >= " + p(start(d.plusDays(1)));
				case LT -> "c.first_added_at < " + p(start(d));
				case LE -> "c.first_added_at < " + p(start(d.plusDays(1)));
				case EQ -> "c.first_added_at >= " + p(start(d)) + " and c.first_added_at < " + p(start(d.plusDays(1)));
			};
	}

	private String other(Expr e) {
		if (e instanceof Expr.StaffIn s) {
			return "exists (select 1 from customer_follow f where f.corp_id = :corp and f.customer_id = c.id and f.active = true"
					+ " and f.staff_id in (" + p(s.staffIds()) + "))";
		}
		if (e instanceof Expr.UnitIn u) {
			return "exists (select 1 from customer_follow f where f.corp_id = :corp and f.customer_id = c.id and f.active = true"
					+ " and f.unit_id in (select su.id from org_unit su join org_unit sr on su.path like sr.path || '%'"
					+ " where sr.id in (" + p(u.unitIds()) + ")))";
		}
		if (e instanceof Expr.FieldIn f) {
			String value = fieldTypes.get(f.fieldId()).equals("MULTI")
					? f.values().stream().map(v -> "position(" + p("\n" + v + "\n") + " in " + p("\n") + " || v.text_value || "
							+ p("\n") + ") > 0").collect(Collectors.joining(" or "))
					: "v.text_value in (" + p(f.values()) + ")";
			return "exists (select 1 from customer_field_value v where v.corp_id = :corp and v.customer_id = c.id"
					+ " and v.field_id = " + p(f.fieldId()) + " and (" + value + "))";
		}
		if (e instanceof Expr.FieldCompare f) {
			boolean date = fieldTypes.get(f.fieldId()).equals("DATE");
			String column = date ? "v.date_value" : "v.number_value";
			Object value = date ? java.sql.Date.valueOf(LocalDate.parse(f.value())) : new BigDecimal(f.value());
			return "exists (select 1 from customer_field_value v where v.corp_id = :corp and v.customer_id = c.id"
					+ " and v.field_id = " + p(f.fieldId()) + " and " + column + " " + f.cmp().symbol() + " " + p(value) + ")";
		}
		if (e instanceof Expr.Behaviour b) {
			String agg = b.metric() == Expr.Metric.COUNT ? "count(*)" : "coalesce(sum(e.amount), 0)";
			return "(select " + agg + " from customer_event e where e.corp_id = :corp and e.customer_id = c.id and e.kind = "
					+ p(b.kind()) + (b.ref() == null ? "" : " and e.ref = " + p(b.ref())) + " and e.at >= "
					+ p(start(today.minusDays(b.days() - 1))) + ") " + b.cmp().symbol() + " " + p(b.value());
		}
		if (e instanceof Expr.Rfm r) {
			return "(" + score(r.dim()) + ") " + r.cmp().symbol() + " " + p(r.score());
		}
		throw new IllegalArgumentException("No SQL for " + e);
	}

	private String score(Expr.Dim dim) {
		String orders = "from customer_event o where o.corp_id = :corp and o.customer_id = c.id and o.kind = 'order_paid'";
		return switch (dim) {
			case R -> {
				StringBuilder b = new StringBuilder("case");
				int[] days = { 30, 60, 90, 180, 365 };
				for (int i = 0; i < days.length; i++) {
					b.append(" when exists (select 1 ").append(orders).append(" and o.at >= ")
						.append(p(start(today.minusDays(days[i] - 1)))).append(") then ").append(5 - i);
				}
				yield b.append(" else 0 end").toString();
			}
			case F -> {
				String n = "(select count(*) " + orders + " and o.at >= " + p(start(today.minusDays(364))) + ")";
				yield "case when " + n + " >= 10 then 5 when " + n + " >= 5 then 4 when " + n + " >= 3 then 3 when " + n
						+ " >= 2 then 2 when " + n + " >= 1 then 1 else 0 end";
			}
			case M -> {
				String m = "(select coalesce(sum(o.amount), 0) " + orders + " and o.at >= " + p(start(today.minusDays(364))) + ")";
				yield "case when " + m + " >= 500000 then 5 when " + m + " >= 100000 then 4 when " + m + " >= 50000 then 3"
						+ " when " + m + " >= 10000 then 2 when " + m + " >= 1 then 1 else 0 end";
			}
		};
	}

	static List<Long> sorted(List<Long> ids) {
		List<Long> copy = new ArrayList<>(ids);
		copy.sort(null);
		return copy;
	}
}
