package io.siyu.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import io.siyu.segment.BsiCrossoverBench;

/**
 * Runs {@link BsiCrossoverBench} (it lives in the segment package to reach the bit-sliced index):
 * {@code BENCH_JAVA_OPTS="-Xms6g -Xmx6g -XX:+AlwaysPreTouch" siyu-bench/run.sh BsiCrossover --customers=20000000}.
 */
public final class BsiCrossover {

	public static void main(String[] args) {
		Map<String, String> o = new LinkedHashMap<>(Map.of("customers", "20000000", "reps", "40", "seed", "6"));
		BenchOptions.parse(args, o);
		BenchOptions.header("BsiCrossoverBench", o);
		BsiCrossoverBench.run(o);
	}
}
