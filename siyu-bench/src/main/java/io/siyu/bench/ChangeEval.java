package io.siyu.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import io.siyu.segment.ChangeEvalBench;

/**
 * Runs {@link ChangeEvalBench} (it lives in the segment package to reach the evaluator):
 * {@code BENCH_JAVA_OPTS="-Xms3g -Xmx3g" siyu-bench/run.sh ChangeEval --customers=1000000}.
 */
public final class ChangeEval {

	public static void main(String[] args) {
		Map<String, String> o = new LinkedHashMap<>(Map.of("customers", "1000000", "seed", "5"));
		BenchOptions.parse(args, o);
		BenchOptions.header("ChangeEvalBench", o);
		ChangeEvalBench.run(o);
	}
}
