package io.siyu.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

import io.siyu.segment.Expr;
import io.siyu.segment.SegmentEngine;
import io.siyu.segment.Segments;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;

/**
 * W1's timed passes over the rules: a warm-up of whole unrecorded passes until the JIT has little left to compile,
 * then the timed ones, and where their tail comes from (the timings over 10 ms by pass, the slowest rules and their
 * steps).
 */
final class RulePasses {

	private final SegmentEngine engine;

	private final Segments segments;

	/** The tag-only part's count by raw RoaringBitmap algebra on the generator's bitmaps. */
	private final ToLongFunction<Expr> floor;

	private final List<Expr> rules;

	/** Each rule's tag-only part, or null. */
	private final List<Expr> tagParts;

	private final Actor admin;

	private final Actor manager;

	private final int sample;

	RulePasses(SegmentEngine engine, Segments segments, ToLongFunction<Expr> floor, List<Expr> rules,
			List<Expr> tagParts, Actor admin, Actor manager, int sample) {
		this.engine = engine;
		this.segments = segments;
		this.floor = floor;
		this.rules = rules;
		this.tagParts = tagParts;
		this.admin = admin;
		this.manager = manager;
		this.sample = sample;
	}

	/**
	 * Warm-up passes until one compiles under {@value #WARM_COMPILE_MS} ms (at least 2, at most 10; with only some of
	 * what is timed warmed, the compilers ran for 2.3 s of the 7.4 s window at 20 M, on the same 2 cores), then
	 * {@code runs} timed passes; prints both and what the machine did meanwhile.
	 */
	RuleTimings warmThenTime(int runs) {
		int warm = 0;
		long compiled;
		do {
			long before = LatencyWindow.compileMillis();
			pass(new RuleTimings(rules.size(), 1), 0);
			compiled = LatencyWindow.compileMillis() - before;
			warm++;
		}
		while (warm < 2 || compiled > WARM_COMPILE_MS && warm < 10);
		System.out.printf(Locale.ROOT, "warm-up: %d passes, the last compiled for %d ms%n", warm, compiled);
		RuleTimings t = new RuleTimings(rules.size(), runs);
		LatencyWindow window = new LatencyWindow();
		for (int run = 0; run < runs; run++) {
			pass(t, run);
		}
		System.out.println("latency window: " + window.end());
		return t;
	}

	/** A warm-up pass may compile at most this long for the timings to start. */
	static final long WARM_COMPILE_MS = 50;

	/**
	 * One timed pass over the rules: count and materialize as corp admin and store manager, the rule's tag-only part
	 * by the engine and by raw RoaringBitmap (the floor), each checked against the others.
	 */
	void pass(RuleTimings t, int run) {
		for (int i = 0; i < rules.size(); i++) {
			Expr r = rules.get(i);
			long collections = LatencyWindow.collections();
			long started = System.nanoTime();
			long countAdmin = Actors.callAs(admin, () -> engine.count(r));
			long nanos = System.nanoTime() - started;
			t.countAdmin(run, i, countAdmin, nanos, LatencyWindow.collections() == collections);
			started = System.nanoTime();
			long countStore = Actors.callAs(manager, () -> engine.count(r));
			SegmentBench.record(t.countStore, System.nanoTime() - started);
			t.countsStore[i] = countStore;
			started = System.nanoTime();
			SegmentEngine.Result ra = Actors.callAs(admin, () -> engine.run(r, sample));
			SegmentBench.record(t.runAdmin, System.nanoTime() - started);
			started = System.nanoTime();
			SegmentEngine.Result rs = Actors.callAs(manager, () -> engine.run(r, sample));
			SegmentBench.record(t.runStore, System.nanoTime() - started);
			if (ra.count() != countAdmin || rs.count() != countStore) {
				throw new IllegalStateException("count and materialize disagree on rule " + i);
			}
			Expr tags = tagParts.get(i);
			if (tags != null) {
				started = System.nanoTime();
				long engineTags = Actors.callAs(admin, () -> engine.count(tags));
				SegmentBench.record(t.tagEngine, System.nanoTime() - started);
				collections = LatencyWindow.collections();
				started = System.nanoTime();
				long floor = this.floor.applyAsLong(tags);
				long floorNanos = System.nanoTime() - started;
				SegmentBench.record(t.tagFloor, floorNanos);
				if (LatencyWindow.collections() == collections) {
					SegmentBench.record(t.tagFloorNoGc, floorNanos);
				}
				if (floor != engineTags) {
					throw new IllegalStateException("floor " + floor + " != engine " + engineTags + " on rule " + i);
				}
			}
		}
	}

	/**
	 * Where the corp admin's count tail lies: the timings over 10 ms in each run (JIT and first-use work show in the
	 * first run, the machine's noise in any), and the slowest timings with the same rule's best.
	 */
	static void tail(RuleTimings t) {
		long[][] countNanos = t.countNanos;
		long[] bestNanos = t.bestNanos;
		StringBuilder over = new StringBuilder("count as corp admin, timings over 10 ms by run:");
		List<long[]> all = new ArrayList<>();
		for (int run = 0; run < countNanos.length; run++) {
			int n = 0;
			for (int i = 0; i < countNanos[run].length; i++) {
				n += countNanos[run][i] > 10_000_000L ? 1 : 0;
				all.add(new long[] { countNanos[run][i], run, i });
			}
			over.append(' ').append(n);
		}
		System.out.println(over);
		all.sort(Comparator.comparingLong((long[] a) -> a[0]).reversed());
		StringBuilder slow = new StringBuilder("  slowest timings (ms, run, rule, rule's best ms):");
		all.stream().limit(12).forEach(a -> slow.append(String.format(Locale.ROOT, " %.2f/r%d/#%d/%.2f;", a[0] / 1e6, a[1],
				a[2], bestNanos[(int) a[2]] / 1e6)));
		System.out.println(slow);
	}

	/**
	 * The rules whose count as corp admin took longest, by the best of their runs (their cost without the machine's
	 * noise), where the tail comes from; each with its steps as the engine ran them on one thread (the third of three
	 * runs): candidates in and out, and time.
	 */
	void slowest(RuleTimings t) {
		long[] worstNanos = t.worstNanos, bestNanos = t.bestNanos, counts = t.countsAdmin;
		System.out.println("slowest rules, count as corp admin (best / worst of the runs, answer), steps on one thread:");
		IntStream.range(0, rules.size())
			.boxed()
			.sorted(Comparator.comparingLong((Integer i) -> bestNanos[i]).reversed())
			.limit(12)
			.forEach(i -> {
				System.out.printf(Locale.ROOT, "  %7.2f / %7.2f ms, %,d: rule %d: %s%n", bestNanos[i] / 1e6,
						worstNanos[i] / 1e6, counts[i], i, Actors.callAs(admin, () -> segments.text(rules.get(i))));
				List<SegmentEngine.Step> steps = null;
				for (int run = 0; run < 3; run++) {
					steps = Actors.callAs(admin, () -> engine.explain(rules.get(i)));
				}
				for (SegmentEngine.Step step : steps) {
					System.out.printf(Locale.ROOT, "      %7.2f ms %,11d → %,11d  %s%n", step.millis(), step.candidates(),
							step.left(), Actors.callAs(admin, () -> segments.text(step.item())));
				}
			});
	}
}
