package io.siyu.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import io.siyu.segment.IntersectionsBench;

/**
 * Runs {@link IntersectionsBench} (it lives in the segment package to reach the intersections):
 * {@code BENCH_JAVA_OPTS="-Xms4g -Xmx4g" siyu-bench/run.sh IntersectionsRun --customers=20000000}.
 */
public final class IntersectionsRun {

	public static void main(String[] args) {
		Map<String, String> o = new LinkedHashMap<>(Map.of("customers", "20000000", "reps", "21", "seed", "7"));
		BenchOptions.parse(args, o);
		BenchOptions.header("IntersectionsBench", o);
		IntersectionsBench.run(o);
	}
}
