package io.siyu.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.siyu.segment.ChangeEvalBench;

/**
 * Runs {@link ChangeEvalBench} (it lives in the segment package to reach the evaluator):
 * {@code BENCH_JAVA_OPTS="-Xms3g -Xmx3g" siyu-bench/run.sh ChangeEval --customers=1000000}.
 */
public final class ChangeEval {

	public static void main(String[] args) {
		Map<String, String> o = new LinkedHashMap<>(Map.of("customers", "1000000", "seed", "5"));
		for (String arg : args) {
			String[] kv = arg.replaceFirst("^--", "").split("=", 2);
			o.put(kv[0], kv.length > 1 ? kv[1] : "true");
		}
		System.out.printf(Locale.ROOT, "ChangeEvalBench %s; load %s; %d cores, max heap %d MB%n", o, SyncBench.load(),
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
		ChangeEvalBench.run(o);
	}
}
