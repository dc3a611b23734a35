package io.siyu.bench;

import java.util.Locale;
import java.util.Map;

/** The benchmarks' command line, {@code --key=value} ({@code --flag} is "true"), and the line each run starts with. */
final class BenchOptions {

	private BenchOptions() {
	}

	/** Puts the arguments into {@code options}, over its defaults; returns it. */
	static Map<String, String> parse(String[] args, Map<String, String> options) {
		for (String arg : args) {
			String[] kv = arg.replaceFirst("^--", "").split("=", 2);
			options.put(kv[0], kv.length > 1 ? kv[1] : "true");
		}
		return options;
	}

	/** Prints the run's name, options, the machine's load, cores and the heap. */
	static void header(String name, Map<String, String> options) {
		System.out.printf(Locale.ROOT, "%s %s; load %s; %d cores, max heap %d MB%n", name, options, SyncBench.load(),
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
	}
}
