package io.siyu.segment;

import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.roaringbitmap.RoaringBitmap;

import static io.siyu.bench.FewCandidatesBench.median;
import static io.siyu.bench.FewCandidatesBench.time;
import static io.siyu.bench.FewCandidatesBench.timeCount;
/**
 * Where {@link BitSlicedIndex} should answer from its slices rather than its frozen range index: over N customers with
 * SegmentBench's shapes of values (an added day over two years for every customer; a 365-day sum of lognormal order
 * amounts for 35 % of them), a threshold among candidates that are 1/share of the customers, computed both ways,
 * alternating, in one JVM; added days also from a {@link DayColumn} (each candidate's day read in turn); and counted
 * without building them, from the frozen values' cardinality queries and from the column. Prints the medians,
 * slices/frozen and column/frozen per value shape, threshold and share. Run through
 * {@code io.siyu.bench.BsiCrossover}: {@code BENCH_JAVA_OPTS="-Xms6g -Xmx6g -XX:+AlwaysPreTouch" siyu-bench/run.sh
 * BsiCrossover --customers=20000000}.
 */
public final class BsiCrossoverBench {

	public static void run(Map<String, String> o) {
		int n = Integer.parseInt(o.get("customers"));
		int reps = Integer.parseInt(o.get("reps"));
		Random random = new Random(Long.parseLong(o.get("seed")));
		long today = 20_429;
		int[] ords = new int[n];
		long[] days = new long[n];
		int m = 0;
		int[] buyers = new int[n];
		long[] sums = new long[n];
		for (int i = 0; i < n; i++) {
			ords[i] = i;
			days[i] = Codes.day(today - random.nextInt(730));
			if (random.nextInt(100) < 35) {
				int orders = 1 + (int) Math.floor(-Math.log(1 - random.nextDouble()) * 1.2);
				long sum = 0;
				for (int k = 0; k < orders; k++) {
					sum += Math.max(100, Math.min((long) Math.exp(8 + 1.3 * random.nextGaussian()), 5_000_000));
				}
				buyers[m] = i;
				sums[m++] = sum;
			}
		}
		BitSlicedIndex added = BitSlicedIndex.of(ords, days, n);
		added.optimize();
		DayColumn column = new DayColumn();
		for (int i = 0; i < n; i++) {
			column.set(i, days[i]);
		}
		BitSlicedIndex spent = BitSlicedIndex.of(buyers, sums, m);
		spent.optimize();
		Object[][] cases = { { "added >= 30 days ago", added, Expr.Cmp.GE, Codes.day(today - 29) },
				{ "added >= 365 days ago", added, Expr.Cmp.GE, Codes.day(today - 364) },
				{ "added < 500 days ago", added, Expr.Cmp.LT, Codes.day(today - 499) },
				{ "sum >= 50000 in 365 days", spent, Expr.Cmp.GE, 50_000L } };
		System.out.printf(Locale.ROOT, "%-26s %6s %12s %12s %8s %12s %8s %12s %12s%n", "threshold", "share", "frozen",
				"slices", "sl/fr", "column", "col/fr", "count fr", "count col");
		for (Object[] c : cases) {
			BitSlicedIndex bsi = (BitSlicedIndex) c[1];
			Expr.Cmp cmp = (Expr.Cmp) c[2];
			long value = (Long) c[3];
			for (int share : new int[] { 1, 4, 16, 32, 64, 256, 1024, 4096 }) {
				RoaringBitmap within = share == 1 ? RoaringBitmap.bitmapOfRange(0, n) : sample(n, 1.0 / share, random);
				long[][] t = new long[5][reps];
				boolean onDays = bsi == added;
				long lo = cmp == Expr.Cmp.GE ? value : 0;
				long hi = cmp == Expr.Cmp.GE ? Long.MAX_VALUE : value - 1;
				for (int rep = 0; rep < reps; rep++) {
					for (int pass = 0; pass < 2; pass++) {
						boolean slices = (pass == 0) == ((rep & 1) == 0);
						t[slices ? 1 : 0][rep] = time(() -> bsi.compare(cmp, value, within, slices));
					}
					t[2][rep] = onDays ? time(() -> column.between(lo, hi, within)) : 0;
					long[] r = BitSlicedIndex.range(cmp, value);
					t[3][rep] = timeCount(() -> bsi.count(r[0], r[1], within));
					t[4][rep] = onDays ? timeCount(() -> column.count(lo, hi, within)) : 0;
				}
				System.out.printf(Locale.ROOT, "%-26s %6s %9.3f ms %9.3f ms %8.2f %9.3f ms %8.2f %9.3f ms %9.3f ms%n", c[0],
						"1/" + share, median(t[0]), median(t[1]), median(t[1]) / median(t[0]), median(t[2]),
						median(t[2]) / median(t[0]), median(t[3]), median(t[4]));
			}
		}
	}

	private static RoaringBitmap sample(int n, double p, Random random) {
		RoaringBitmap b = new RoaringBitmap();
		for (int i = 0; i < n; i++) {
			if (random.nextDouble() < p) {
				b.add(i);
			}
		}
		b.runOptimize();
		return b;
	}
}
