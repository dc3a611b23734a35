package io.siyu.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * Where the segment evaluator's few-candidate shortcuts pay (Evaluator's {@code FEW_FOR_UNION} and
 * {@code FEW_FOR_INTERSECTION}): over a corp of N customers with tags of power-law density (rank r on 0.33/r of the
 * customers, as SegmentBench generates them), "tags any / all of k tags" among candidates that are 1/share of the
 * corp, computed two ways, alternating, in one JVM:
 * <ul>
 * <li>whole: the union (intersection) of the whole tag bitmaps, then intersected with the candidates (the baseline);</li>
 * <li>few: the candidates intersected with each tag bitmap, the parts united (intersected in turn).</li>
 * </ul>
 * Prints the medians and few/whole per share and k. Plain RoaringBitmap, no Siyu:
 * {@code BENCH_JAVA_OPTS="-Xms4g -Xmx4g -XX:+AlwaysPreTouch" siyu-bench/run.sh FewCandidatesBench --customers=20000000}.
 */
public final class FewCandidatesBench {

	public static void main(String[] args) {
		Map<String, String> o = new LinkedHashMap<>(Map.of("customers", "20000000", "reps", "150", "seed", "6"));
		BenchOptions.parse(args, o);
		int n = Integer.parseInt(o.get("customers"));
		int reps = Integer.parseInt(o.get("reps"));
		Random random = new Random(Long.parseLong(o.get("seed")));
		BenchOptions.header("FewCandidatesBench", o);
		int tags = 200;
		RoaringBitmap[] tag = new RoaringBitmap[tags];
		for (int r = 0; r < tags; r++) {
			tag[r] = sample(n, 0.33 / (r + 1), random);
		}
		for (int share : new int[] { 4096, 2048, 1024, 256, 128, 64, 32, 16, 8, 4 }) {
			RoaringBitmap within = sample(n, 1.0 / share, random);
			for (int k : new int[] { 2, 4 }) {
				long[][] t = new long[4][reps];
				for (int rep = 0; rep < reps; rep++) {
					RoaringBitmap[] picked = new RoaringBitmap[k];
					picked[0] = tag[random.nextInt(5)];
					for (int j = 1; j < k; j++) {
						picked[j] = tag[Math.min(tags, (int) Math.exp(random.nextDouble() * Math.log(tags))) - 1];
					}
					for (int pass = 0; pass < 2; pass++) {
						boolean wholeFirst = (rep & 1) == 0;
						if ((pass == 0) == wholeFirst) {
							t[0][rep] = time(() -> RoaringBitmap.and(within, FastAggregation.or(picked)));
							t[1][rep] = time(() -> RoaringBitmap.and(within, FastAggregation.and(picked)));
						}
						else {
							t[2][rep] = time(() -> {
								RoaringBitmap u = new RoaringBitmap();
								for (RoaringBitmap b : picked) {
									u.or(RoaringBitmap.and(within, b));
								}
								return u;
							});
							t[3][rep] = time(() -> {
								RoaringBitmap v = within;
								for (RoaringBitmap b : picked) {
									v = RoaringBitmap.and(v, b);
								}
								return v;
							});
						}
					}
				}
				System.out.printf(Locale.ROOT,
						"candidates 1/%-5d k=%d  any: whole %7.3f ms, few %7.3f ms, few/whole %5.2f | all: whole %7.3f ms, few %7.3f ms, few/whole %5.2f%n",
						share, k, median(t[0]), median(t[2]), median(t[2]) / median(t[0]), median(t[1]), median(t[3]),
						median(t[3]) / median(t[1]));
			}
		}
	}

	static long sink;

	/** Nanoseconds the work took (its answer's size kept, so it is not optimized away); BsiCrossoverBench too. */
	public static long time(java.util.function.Supplier<RoaringBitmap> work) {
		long started = System.nanoTime();
		sink += work.get().getCardinality();
		return System.nanoTime() - started;
	}

	/** Nanoseconds a count takes. */
	public static long timeCount(java.util.function.LongSupplier work) {
		long started = System.nanoTime();
		sink += work.getAsLong();
		return System.nanoTime() - started;
	}

	/** Each of [0, n) with probability p (geometric gaps). */
	private static RoaringBitmap sample(int n, double p, Random random) {
		RoaringBitmap b = new RoaringBitmap();
		double lp = Math.log(1 - p);
		int[] buffer = new int[1 << 16];
		int k = 0;
		for (long i = (long) (Math.log(1 - random.nextDouble()) / lp); i < n; i += 1
				+ (long) (Math.log(1 - random.nextDouble()) / lp)) {
			buffer[k++] = (int) i;
			if (k == buffer.length) {
				b.addN(buffer, 0, k);
				k = 0;
			}
		}
		b.addN(buffer, 0, k);
		b.runOptimize();
		return b;
	}

	/** The median in ms. */
	public static double median(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2] / 1e6;
	}
}
