package io.siyu.segment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.roaringbitmap.RoaringBitmap;

/**
 * What W2's change costs the engine alone: 500 random ANDs of 3–10 conditions (tags, gender, channel, added day,
 * clicks, orders; some negated) over a synthetic corp of {@code customers}, each evaluated over one changed customer,
 * as {@code SegmentUpkeep} does for every change; the median of 40 rounds. No database. To compare two versions of the
 * engine, run it from a worktree of each, alternating:
 * {@code BENCH_JAVA_OPTS="-Xms3g -Xmx3g" siyu-bench/run.sh ChangeEval --customers=1000000}.
 */
public final class ChangeEvalBench {

	public static void run(Map<String, String> o) {
		LocalDate today = LocalDate.of(2026, 12, 7);
		Random random = new Random(Long.parseLong(o.get("seed")));
		int n = Integer.parseInt(o.get("customers"));
		CorpIndex index = new CorpIndex(1);
		index.unitPaths = Map.of(1L, "/1/", 2L, "/1/2/", 3L, "/1/3/");
		List<CustomerFacts> batch = new ArrayList<>();
		String[] stages = { "NEW", "ENGAGED", "REPEAT", "LOST" };
		for (long id = 1; id <= n; id++) {
			CustomerFacts c = new CustomerFacts(id);
			c.gender = random.nextInt(3);
			c.stage = stages[random.nextInt(4)];
			c.addedDay = today.minusDays(random.nextInt(730));
			for (int k = random.nextInt(6); k > 0; k--) c.tags.add(1 + (long) (200 * Math.pow(random.nextDouble(), 3)));
			long staff = 1 + random.nextInt(20);
			c.relations.add(new CustomerFacts.Relation(staff, staff % 2 == 0 ? 2L : 3L, "ch" + random.nextInt(20), true));
			batch.add(c);
		}
		index.putAll(batch);
		for (int i = 0; i < 2 * n; i++) {
			int ord = random.nextInt(n);
			long day = today.toEpochDay() - random.nextInt(90);
			if (random.nextBoolean()) index.behaviour.add(ord, "order_paid", day, null, random.nextInt(30_000));
			else index.behaviour.add(ord, "link_clicked", day, "L" + random.nextInt(10), 0);
		}
		index.optimize();
		List<Expr> rules = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			List<Expr> items = new ArrayList<>();
			int p = 3 + random.nextInt(8);
			for (int k = 0; k < p; k++) {
				Expr e = switch (random.nextInt(8)) {
					case 0, 1, 2 -> new Expr.Tags(Expr.Match.values()[random.nextInt(3)], List.of(1L + random.nextInt(50), 1L + random.nextInt(200)));
					case 3 -> new Expr.Gender(List.of(1 + random.nextInt(2)));
					case 4 -> new Expr.Channel(List.of("ch" + random.nextInt(20)));
					case 5 -> random.nextBoolean() ? new Expr.AddedWithin(new int[] { 7, 30, 90, 180, 365 }[random.nextInt(5)])
							: new Expr.Added(random.nextBoolean() ? Expr.Cmp.GE : Expr.Cmp.LT, today.minusDays(random.nextInt(700)));
					case 6 -> new Expr.Behaviour(Expr.Metric.COUNT, "link_clicked", "L" + random.nextInt(10), Expr.Cmp.GE, 1, 7);
					default -> new Expr.Behaviour(Expr.Metric.COUNT, "order_paid", null, Expr.Cmp.GE, 2, 90);
				};
				items.add(random.nextInt(8) == 0 ? new Expr.Not(e) : e);
			}
			rules.add(new Expr.And(items));
		}
		long[] t = new long[40];
		long hits = 0;
		for (int round = 0; round < 40; round++) {
			Evaluator ev = new Evaluator(index, today, "order_paid", (id, w) -> new RoaringBitmap());
			RoaringBitmap changed = RoaringBitmap.bitmapOf(random.nextInt(n));
			long s = System.nanoTime();
			for (Expr r : rules) hits += ev.evaluate(r, changed).getCardinality();
			t[round] = System.nanoTime() - s;
		}
		Arrays.sort(t);
		System.out.printf(Locale.ROOT, "500 rules over one customer: median %.3f ms, p10 %.3f, p90 %.3f (%d matches)%n",
				t[20] / 1e6, t[4] / 1e6, t[36] / 1e6, hits);
	}
}
