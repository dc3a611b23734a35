package io.siyu.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

import io.siyu.segment.Expr;

/**
 * W1's baselines: the same rules as SQL counts on PostgreSQL, over the real schema ({@code customer_tag} with its btree
 * indexes) and over the bench's tags {@code int[]} column with a GIN index, in the same run as the engine.
 */
final class SqlBaselines {

	private final SegmentBench bench;

	SqlBaselines(SegmentBench bench) {
		this.bench = bench;
	}

	/**
	 * The first {@code sql-rules} rules as SQL counts, {@code sql-runs} times each, on {@code customer_tag} and on the
	 * {@code int[]} + GIN side table, every count checked against the engine's; the rows and the ratios SQL ÷ engine.
	 */
	void run(List<Expr> rules, long[] engineCounts, long[] engineNanos) throws SQLException {
		int n = Math.min(rules.size(), Integer.parseInt(bench.o.get("sql-rules")));
		int sqlRuns = Integer.parseInt(bench.o.get("sql-runs"));
		int timeout = Integer.parseInt(bench.o.get("sql-timeout"));
		Histogram table = new Histogram(3), gin = new Histogram(3), engineSubset = new Histogram(3);
		List<Double> ratioTable = new ArrayList<>(), ratioGin = new ArrayList<>();
		int timeoutsTable = 0, timeoutsGin = 0, mismatches = 0;
		try (Connection c = bench.connection(); Statement s = c.createStatement()) {
			s.execute("set statement_timeout = '" + timeout + "s'");
			System.out.printf(Locale.ROOT, "SQL baselines: the first %d rules, %d run(s) each, statement timeout %d s"
					+ " (a timed-out statement is counted as %d s)%n", n, sqlRuns, timeout, timeout);
			for (int i = 0; i < n; i++) {
				SegmentBench.record(engineSubset, engineNanos[i]);
				for (int mode = 0; mode < 2; mode++) {
					String query = new Sql(bench, mode == 1).count(rules.get(i));
					long best = Long.MAX_VALUE;
					for (int run = 0; run < sqlRuns; run++) {
						long t = System.nanoTime();
						try (ResultSet rs = s.executeQuery(query)) {
							rs.next();
							long count = rs.getLong(1);
							if (count != engineCounts[i]) {
								mismatches++;
								System.out.printf(Locale.ROOT, "  rule %d: SQL (%s) counts %d, engine %d%n", i,
										mode == 0 ? "customer_tag" : "int[]", count, engineCounts[i]);
							}
						}
						catch (SQLException e) {
							if (!"57014".equals(e.getSQLState())) {
								throw new IllegalStateException(query, e);
							}
							if (mode == 0) {
								timeoutsTable++;
							}
							else {
								timeoutsGin++;
							}
						}
						long nanos = Math.min(System.nanoTime() - t, timeout * 1_000_000_000L);
						best = Math.min(best, nanos);
						SegmentBench.record(mode == 0 ? table : gin, nanos);
					}
					(mode == 0 ? ratioTable : ratioGin).add(best / (double) engineNanos[i]);
				}
				if ((i + 1) % 10 == 0) {
					System.out.printf(Locale.ROOT, "  %d rules done; load %s%n", i + 1, SyncBench.load());
				}
			}
		}
		bench.row("engine count, corp admin, the " + n + " rules below", engineSubset, "(fastest of its runs)");
		bench.row("SQL customer_tag (btree), count, corp admin", table, timeoutsTable + " timeouts");
		bench.row("SQL int[] + GIN, count, corp admin", gin, timeoutsGin + " timeouts");
		bench.rows.add(String.format(Locale.ROOT, "ratio SQL ÷ engine per rule: customer_tag median %.0f× (min %.0f×);"
				+ " int[]+GIN median %.0f× (min %.0f×); p50 ratio %.0f× / %.0f×, p99 ratio %.0f× / %.0f×; %d count mismatches",
				SegmentBench.median(ratioTable), ratioTable.stream().mapToDouble(d -> d).min().orElse(0), SegmentBench.median(ratioGin),
				ratioGin.stream().mapToDouble(d -> d).min().orElse(0),
				table.getValueAtPercentile(50) / (double) engineSubset.getValueAtPercentile(50),
				gin.getValueAtPercentile(50) / (double) engineSubset.getValueAtPercentile(50),
				table.getValueAtPercentile(99) / (double) engineSubset.getValueAtPercentile(99),
				gin.getValueAtPercentile(99) / (double) engineSubset.getValueAtPercentile(99), mismatches));
	}

	/** A rule as one SQL count on the real schema, or with tags from the bench's int[] column. */
	static final class Sql {

		private final SegmentBench bench;

		final boolean intArray;

		Sql(SegmentBench bench, boolean intArray) {
			this.bench = bench;
			this.intArray = intArray;
		}

		String count(Expr rule) {
			return "select count(*) from customer c" + (intArray ? " join bench_customer_tags bt on bt.customer_id = c.id" : "")
					+ " where c.corp_id = " + bench.corp + " and c.merged_into is null and (" + sql(rule) + ")";
		}

		String ts(LocalDate day) {
			return "timestamptz '" + day.atStartOfDay(bench.zone).toOffsetDateTime() + "'";
		}

		String sql(Expr e) {
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
				String ids = t.tagIds().stream().map(String::valueOf).collect(Collectors.joining(","));
				if (intArray) {
					return switch (t.match()) {
						case ANY -> "bt.tags && '{" + ids + "}'::int[]";
						case ALL -> "bt.tags @> '{" + ids + "}'::int[]";
						case NONE -> "not (bt.tags && '{" + ids + "}'::int[])";
					};
				}
				String has = "exists (select 1 from customer_tag t where t.corp_id = " + bench.corp
						+ " and t.customer_id = c.id and t.tag_id %s)";
				return switch (t.match()) {
					case ANY -> String.format(has, "in (" + ids + ")");
					case ALL -> t.tagIds().stream().map(id -> String.format(has, "= " + id)).collect(Collectors.joining(" and "));
					case NONE -> "not " + String.format(has, "in (" + ids + ")");
				};
			}
			if (e instanceof Expr.Gender g) {
				return "coalesce(c.gender, 0) in (" + g.values().stream().map(String::valueOf).collect(Collectors.joining(","))
						+ ")";
			}
			if (e instanceof Expr.StageIn s) {
				return "c.stage in (" + quoted(s.stages()) + ")";
			}
			if (e instanceof Expr.Channel ch) {
				return "exists (select 1 from customer_follow f where f.corp_id = " + bench.corp
						+ " and f.customer_id = c.id and f.state in (" + quoted(ch.states()) + "))";
			}
			if (e instanceof Expr.AddedWithin a) {
				return "c.first_added_at >= " + ts(bench.today.minusDays(a.days() - 1));
			}
			if (e instanceof Expr.Added a) {
				return a.cmp() == Expr.Cmp.GE ? "c.first_added_at >= " + ts(a.date())
						: "c.first_added_at < " + ts(a.date());
			}
			if (e instanceof Expr.StaffIn s) {
				return "exists (select 1 from customer_follow f where f.corp_id = " + bench.corp + " and f.customer_id = c.id"
						+ " and f.active = true and f.staff_id in (" + numbers(s.staffIds()) + "))";
			}
			if (e instanceof Expr.UnitIn u) {
				List<Long> units = new ArrayList<>(u.unitIds());
				u.unitIds().forEach(id -> units.addAll(bench.storesOf.getOrDefault(id, List.of())));
				return "exists (select 1 from customer_follow f where f.corp_id = " + bench.corp + " and f.customer_id = c.id"
						+ " and f.active = true and f.unit_id in (" + numbers(units) + "))";
			}
			Expr.Behaviour b = (Expr.Behaviour) e;
			String events = "from customer_event e where e.corp_id = " + bench.corp + " and e.kind = '" + b.kind() + "'"
					+ (b.ref() == null ? "" : " and e.ref = '" + b.ref() + "'") + " and e.at >= " + ts(bench.today.minusDays(b.days() - 1));
			if (b.metric() == Expr.Metric.COUNT && b.value() == 1 && (b.cmp() == Expr.Cmp.GE || b.cmp() == Expr.Cmp.LT)) {
				return (b.cmp() == Expr.Cmp.LT ? "not " : "") + "exists (select 1 " + events + " and e.customer_id = c.id)";
			}
			String agg = b.metric() == Expr.Metric.COUNT ? "count(*)" : "coalesce(sum(e.amount), 0)";
			return "c.id in (select e.customer_id " + events + " group by e.customer_id having " + agg + " "
					+ b.cmp().symbol() + " " + b.value() + ")";
		}

		String quoted(List<String> values) {
			return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(","));
		}

		String numbers(List<Long> values) {
			return values.stream().map(String::valueOf).collect(Collectors.joining(","));
		}
	}
}
