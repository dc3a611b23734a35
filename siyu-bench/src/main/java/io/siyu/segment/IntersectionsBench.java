package io.siyu.segment;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.roaringbitmap.RoaringBitmap;

import io.siyu.bench.FewCandidatesBench;

import static io.siyu.bench.FewCandidatesBench.timeCount;

/**
 * {@link Intersections} against RoaringBitmap's own AND, AND-NOT and AND-cardinality, over pairs of random bitmaps of N
 * values with the densities W1's AND steps meet (candidates of 1/20–1/1,000 of the corp against index bitmaps of
 * 1/16–1/300), alternating, in one JVM, one thread. Prints the medians and the ratio (ours ÷ RoaringBitmap's) per
 * pair. Run through {@code io.siyu.bench.IntersectionsRun}: {@code BENCH_JAVA_OPTS="-Xms4g -Xmx4g" siyu-bench/run.sh
 * IntersectionsRun --customers=20000000}.
 */
public final class IntersectionsBench {

	public static void run(Map<String, String> o) {
		int n = Integer.parseInt(o.get("customers"));
		int reps = Integer.parseInt(o.get("reps"));
		Random random = new Random(Long.parseLong(o.get("seed")));
		double[][] pairs = { { 47, 24 }, { 57, 100 }, { 20, 200 }, { 16.5, 16.5 }, { 300, 300 }, { 1000, 30 } };
		System.out.printf(Locale.ROOT, "%-16s %10s %10s %6s %10s %10s %6s %10s %10s %6s%n", "densities", "and rb", "and ours",
				"ratio", "not rb", "not ours", "ratio", "count rb", "count ours", "ratio");
		for (double[] p : pairs) {
			RoaringBitmap a = sample(n, 1 / p[0], random);
			RoaringBitmap b = sample(n, 1 / p[1], random);
			if (!Intersections.and(a, b).equals(RoaringBitmap.and(a, b))
					|| !Intersections.andNot(a, b).equals(RoaringBitmap.andNot(a, b))
					|| Intersections.andCardinality(a, b) != RoaringBitmap.andCardinality(a, b)) {
				throw new IllegalStateException("disagree at 1/" + p[0] + " x 1/" + p[1]);
			}
			long[][] t = new long[6][reps];
			for (int rep = 0; rep < reps; rep++) {
				boolean oursFirst = (rep & 1) == 0;
				for (int pass = 0; pass < 2; pass++) {
					boolean ours = oursFirst == (pass == 0);
					int k = ours ? 1 : 0;
					t[k][rep] = timeCount(() -> (ours ? Intersections.and(a, b) : RoaringBitmap.and(a, b)).getCardinality());
					t[2 + k][rep] = timeCount(() -> (ours ? Intersections.andNot(a, b) : RoaringBitmap.andNot(a, b)).getCardinality());
					t[4 + k][rep] = timeCount(() -> ours ? Intersections.andCardinality(a, b) : RoaringBitmap.andCardinality(a, b));
				}
			}
			double[] m = Arrays.stream(t).mapToDouble(FewCandidatesBench::median).toArray();
			System.out.printf(Locale.ROOT, "%-16s %7.3f ms %7.3f ms %6.2f %7.3f ms %7.3f ms %6.2f %7.3f ms %7.3f ms %6.2f%n",
					String.format(Locale.ROOT, "1/%.0f x 1/%.0f", p[0], p[1]), m[0], m[1], m[1] / m[0], m[2], m[3], m[3] / m[2],
					m[4], m[5], m[5] / m[4]);
		}
	}

	private static RoaringBitmap sample(int n, double p, Random random) {
		RoaringBitmap b = new RoaringBitmap();
		for (int i = 0; i < n; i++) {
			if (random.nextDouble() < p) {
				b.add(i);
			}
		}
		return b;
	}
}
