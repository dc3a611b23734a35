package io.siyu.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.customer.CustomersChanged;
import io.siyu.segment.Expr;
import io.siyu.segment.SegmentEngine;
import io.siyu.segment.SegmentEntered;
import io.siyu.segment.SegmentView;
import io.siyu.segment.Segments;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;

/**
 * W2 of {@code ../shared/docs/performance.md}: dynamic segments kept current while customers change.
 * <p>
 * Loads the W1 world ({@link SegmentBench}'s generator), saves {@code dynamic} dynamic segments (W1's rules, 3–10
 * predicates each) plus one marker segment ("has tag T"), then measures
 * <ol>
 * <li>the time to build all of them (saving) and to rebuild them with the whole index (a restart's first use);</li>
 * <li>change → membership: a tag row inserted for one customer, committed, announced with {@code CustomersChanged};
 * the time until {@link SegmentEntered} for the marker names that customer — the engine re-evaluates every dynamic
 * segment before it announces, so this is the latency of the whole refresh;</li>
 * <li>a replayed churn: {@code changes} single-customer changes at {@code rate} per second, each timed the same way
 * (p50/p99, and whether the engine keeps up);</li>
 * <li>baseline on PostgreSQL: the SQL rebuild of {@code sql-segments} of the same segments (insert-select of the
 * members into a fresh table, then a not-exists diff against the stored members), extrapolated to all of them;
 * {@code --sql-segments=0} leaves it out (at 20 M it would take most of the run).</li>
 * </ol>
 * Run: {@code siyu-bench/run.sh SegmentChurnBench --customers=1000000 --dynamic=500}.
 */
public final class SegmentChurnBench {

	public static void main(String[] args) throws Exception {
		Map<String, String> o = new LinkedHashMap<>();
		o.putAll(Map.of("customers", "1000000", "db", "postgres", "tags", "2000", "rules", "200", "runs", "3",
				"sql-rules", "40", "sql-runs", "1", "sql-timeout", "30", "seed", "6", "pg", "jdbc:postgresql://127.0.0.1:5432/"));
		o.putAll(Map.of("regions", "10", "stores-per-region", "10", "staff-per-store", "8", "sample", "20",
				"update-batches", "1000,10000,100000", "latency-runs", "20"));
		o.putAll(Map.of("dynamic", "500", "changes", "3000", "rate", "100", "single-runs", "30", "sql-segments", "10"));
		BenchOptions.parse(args, o);
		BenchOptions.header("SegmentChurnBench", o);
		try (BenchApp siyu = BenchApp.start("segchurn", o.get("db"), o.get("pg"), "postgres")) {
			new SegmentChurnBench(siyu, o).run();
		}
	}

	final BenchApp siyu;

	final Map<String, String> o;

	final SegmentBench world;

	final SegmentEngine engine;

	final List<String> rows = new ArrayList<>();

	/** (segment id, customer id) → nanoTime the engine announced the customer entering the segment. */
	final Map<Long, Long> entered = new ConcurrentHashMap<>();

	volatile long markerId = -1;

	SegmentChurnBench(BenchApp siyu, Map<String, String> o) {
		this.siyu = siyu;
		this.o = o;
		this.world = new SegmentBench(siyu, o);
		this.engine = siyu.bean(SegmentEngine.class);
	}

	void run() throws Exception {
		world.organization();
		long t0 = System.nanoTime();
		long[] loaded = world.load(false);
		System.out.printf(Locale.ROOT, "loaded %d customers, %d relations, %d tag rows, %d events in %.1f s; load %s%n",
				world.customers, loaded[0], loaded[1], loaded[2], (System.nanoTime() - t0) / 1e9, SyncBench.load());
		if (world.postgres) {
			world.sql("vacuum analyze");
		}
		long corp = world.corp;
		Actor admin = new Actor(corp, 1, "admin", Actor.Kind.USER, Role.CORP_ADMIN, null, null);
		Expr everyone = new Expr.Not(new Expr.Tags(Expr.Match.ANY, List.of(-1L)));
		t0 = System.nanoTime();
		Actors.callAs(admin, () -> engine.count(everyone));
		System.out.printf(Locale.ROOT, "index built in %.1f s (no saved segments)%n", (System.nanoTime() - t0) / 1e9);

		siyu.context.addApplicationListener((ApplicationListener<ApplicationEvent>) event -> {
			if (event instanceof PayloadApplicationEvent<?> p && p.getPayload() instanceof SegmentEntered e
					&& e.segmentId() == markerId) {
				long now = System.nanoTime();
				e.customerIds().forEach(id -> entered.putIfAbsent(id, now));
			}
		});

		// 1. save the dynamic segments (each is evaluated as it is saved), then the marker
		int dynamic = Integer.parseInt(o.get("dynamic"));
		List<Expr> rules = world.rules(dynamic);
		Segments segments = siyu.bean(Segments.class);
		Histogram save = new Histogram(3);
		long savedAt = System.nanoTime();
		for (int i = 0; i < rules.size(); i++) {
			Expr r = rules.get(i);
			String name = "w2-" + i;
			long t = System.nanoTime();
			Actors.callAs(admin, () -> segments.create(name, "DYNAMIC", r));
			SegmentBench.record(save, System.nanoTime() - t);
		}
		double saveSeconds = (System.nanoTime() - savedAt) / 1e9;
		int markerRank = world.tagIds.length / 3;
		long markerTag = world.tagIds[markerRank];
		SegmentView marker = Actors.callAs(admin,
				() -> segments.create("w2-marker", "DYNAMIC", new Expr.Tags(Expr.Match.ANY, List.of(markerTag))));
		markerId = marker.id();
		world.row("save one dynamic segment (insert + evaluate)", save, dynamic + " segments, " + String.format(Locale.ROOT,
				"%.1f s in all", saveSeconds));

		// 2. a restart: the index and every dynamic segment rebuilt on first use (forget is the index cache's own, not public)
		Class<?> indexes = Class.forName("io.siyu.segment.CorpIndexes");
		java.lang.reflect.Method forget = indexes.getDeclaredMethod("forget", long.class);
		forget.setAccessible(true);
		forget.invoke(siyu.bean(indexes), corp);
		t0 = System.nanoTime();
		Actors.callAs(admin, () -> engine.count(everyone));
		double rebuild = (System.nanoTime() - t0) / 1e9;
		rows.add(String.format(Locale.ROOT, "%-58s %9.1f s", "rebuild: index + " + (dynamic + 1) + " dynamic segments", rebuild));
		t0 = System.nanoTime();
		for (Expr r : rules) {
			Actors.callAs(admin, () -> engine.count(r));
		}
		rows.add(String.format(Locale.ROOT, "%-58s %9.1f s", "re-evaluate the " + dynamic + " segments (counts, one pass)",
				(System.nanoTime() - t0) / 1e9));

		// 3. change → membership, one at a time
		RoaringBitmap holders = world.floorTags[markerRank].clone();
		Random random = new Random(42);
		TransactionTemplate tx = siyu.bean(TransactionTemplate.class);
		Histogram single = new Histogram(3);
		try (Connection c = world.connection()) {
			c.setAutoCommit(false);
			int singleRuns = Integer.parseInt(o.get("single-runs"));
			// what the machine and the JIT did while each phase was timed (compiling shares the 2 cores)
			LatencyWindow singleWindow = new LatencyWindow();
			for (int i = 0; i < singleRuns; i++) {
				long id = world.fresh(holders, random, 1).get(0);
				long started = System.nanoTime();
				change(c, tx, corp, markerTag, id);
				SegmentBench.record(single, awaitEntered(id) - started);
			}
			world.row("change → SegmentEntered, one change at a time", single, singleRuns + " runs, "
					+ (dynamic + 1) + " dynamic segments");
			System.out.println("one change at a time, window: " + singleWindow.end());

			// 4. churn replay at a steady rate
			int changes = Integer.parseInt(o.get("changes"));
			double rate = Double.parseDouble(o.get("rate"));
			long[] started = new long[changes];
			long[] ids = new long[changes];
			LatencyWindow churnWindow = new LatencyWindow();
			long begin = System.nanoTime();
			for (int i = 0; i < changes; i++) {
				long due = begin + (long) (i * 1e9 / rate);
				while (System.nanoTime() < due) {
					LockSupport.parkNanos(Math.max(10_000, due - System.nanoTime()));
				}
				ids[i] = world.fresh(holders, random, 1).get(0);
				started[i] = System.nanoTime();
				change(c, tx, corp, markerTag, ids[i]);
			}
			double driven = (System.nanoTime() - begin) / 1e9;
			Histogram churn = new Histogram(3);
			for (int i = 0; i < changes; i++) {
				SegmentBench.record(churn, awaitEntered(ids[i]) - started[i]);
			}
			double settled = (System.nanoTime() - begin) / 1e9;
			System.out.println("churn, window: " + churnWindow.end());
			world.row("change → SegmentEntered, churn at " + (int) rate + "/s", churn, String.format(Locale.ROOT,
					"%d changes driven in %.1f s (%.0f/s), all announced after %.1f s", changes, driven, changes / driven,
					settled));
		}

		// 5. SQL rebuild baseline
		if (world.postgres && Integer.parseInt(o.get("sql-segments")) > 0) {
			sqlRebuild(rules);
		}
		System.out.printf(Locale.ROOT, "%n=== W2 dynamic segments: %,d customers, %d dynamic segments, db=%s ===%n",
				world.customers, dynamic, o.get("db"));
		world.rows.forEach(System.out::println);
		rows.forEach(System.out::println);
		System.out.println("load at the end: " + SyncBench.load());
	}

	/** One customer gets the marker tag: row inserted and committed, then announced as Siyu's tagging does. */
	void change(Connection c, TransactionTemplate tx, long corp, long tag, long customerId) throws SQLException {
		try (PreparedStatement p = c.prepareStatement("insert into customer_tag (corp_id, customer_id, tag_id, userid,"
				+ " tagged_at, source) values (?, ?, ?, '', current_timestamp, 'SIYU')")) {
			p.setLong(1, corp);
			p.setLong(2, customerId);
			p.setLong(3, tag);
			p.executeUpdate();
		}
		c.commit();
		Actors.runAs(Actor.system(corp), () -> tx.executeWithoutResult(
				s -> siyu.context.publishEvent(new CustomersChanged(corp, List.of(customerId)))));
	}

	long awaitEntered(long customerId) {
		long deadline = System.nanoTime() + 600_000_000_000L;
		Long at;
		while ((at = entered.get(customerId)) == null) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("customer " + customerId + " not announced in the marker after 600 s");
			}
			LockSupport.parkNanos(200_000);
		}
		return at;
	}

	/**
	 * The SQL way: per segment, its members into a fresh table by insert-select, then the stored members diffed with
	 * not-exists (exits deleted, entries inserted). Timed on the first {@code sql-segments} segments, extrapolated.
	 */
	void sqlRebuild(List<Expr> rules) throws SQLException {
		int n = Math.min(rules.size(), Integer.parseInt(o.get("sql-segments")));
		Histogram per = new Histogram(3);
		long total = 0;
		try (Connection c = world.connection(); Statement s = c.createStatement()) {
			s.execute("create table bench_segment_member (segment_id int not null, customer_id bigint not null,"
					+ " primary key (segment_id, customer_id))");
			for (int pass = 0; pass < 2; pass++) { // the first pass fills the table, the second is the measured rebuild
				for (int i = 0; i < n; i++) {
					String members = new SqlBaselines.Sql(world, false).count(rules.get(i)).replaceFirst("select count\\(\\*\\)", "select c.id");
					long t = System.nanoTime();
					s.execute("create temp table fresh as " + members);
					s.execute("delete from bench_segment_member m where m.segment_id = " + i
							+ " and not exists (select 1 from fresh f where f.id = m.customer_id)");
					s.execute("insert into bench_segment_member (segment_id, customer_id) select " + i + ", f.id from fresh f"
							+ " where not exists (select 1 from bench_segment_member m where m.segment_id = " + i
							+ " and m.customer_id = f.id)");
					s.execute("drop table fresh");
					long nanos = System.nanoTime() - t;
					if (pass == 1) {
						SegmentBench.record(per, nanos);
						total += nanos;
					}
				}
			}
			s.execute("drop table bench_segment_member");
		}
		world.row("SQL rebuild of one segment (insert-select + not-exists diff)", per, n + " segments");
		rows.add(String.format(Locale.ROOT, "%-58s %9.1f s", "SQL rebuild, extrapolated to " + rules.size() + " segments",
				total / 1e9 / n * rules.size()));
	}
}
