package io.siyu.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the garbage collectors (collections and their time, per collector) and the machine's CPU (busy, idle, stolen)
 * did while latencies were measured, and the JVM uptime at both ends, to be matched with a
 * {@code -Xlog:gc*:file=…:uptime} log.
 */
public final class LatencyWindow {

	private final double startUptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;

	private final Map<String, long[]> start = snapshot();

	private final long[] cpuStart = cpu();

	private final long processCpuStart = processCpuNanos();

	private final long compileStart = compileMillis();

	private final long wallStart = System.nanoTime();

	/** This JVM's CPU time, all its threads (-1 where the platform does not say). */
	private static long processCpuNanos() {
		return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
				? os.getProcessCpuTime() : -1;
	}

	/** Time the JIT compilers have spent so far (-1 where the JVM does not say). */
	static long compileMillis() {
		var jit = ManagementFactory.getCompilationMXBean();
		return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
	}

	/** The machine's CPU time from /proc/stat in clock ticks: user+nice+system, idle+iowait, steal (zeros elsewhere). */
	private static long[] cpu() {
		try {
			String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			return new long[] { Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]),
					Long.parseLong(f[4]) + Long.parseLong(f[5]), Long.parseLong(f[8]) };
		}
		catch (IOException | RuntimeException e) {
			return new long[3];
		}
	}

	/** Collections so far, all collectors together (G1: young and mixed pauses, full collections). */
	public static long collections() {
		long n = 0;
		for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			n += gc.getCollectionCount();
		}
		return n;
	}

	private static Map<String, long[]> snapshot() {
		Map<String, long[]> m = new LinkedHashMap<>();
		for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			m.put(gc.getName(), new long[] { gc.getCollectionCount(), gc.getCollectionTime() });
		}
		return m;
	}

	public String end() {
		StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "uptime %.1f–%.1f s;", startUptime,
				ManagementFactory.getRuntimeMXBean().getUptime() / 1e3));
		long[] cpu = cpu();
		long busy = cpu[0] - cpuStart[0], idle = cpu[1] - cpuStart[1], steal = cpu[2] - cpuStart[2];
		long ticks = Math.max(1, busy + idle + steal);
		out.append(String.format(Locale.ROOT, " machine CPU busy %.0f %%, idle %.0f %%, stolen %.1f %%;",
				100.0 * busy / ticks, 100.0 * idle / ticks, 100.0 * steal / ticks));
		// this JVM's share of the machine's cores, and what the JIT compiled meanwhile: both compete with the timings
		double wallNanos = Math.max(1, System.nanoTime() - wallStart);
		int cores = Runtime.getRuntime().availableProcessors();
		out.append(String.format(Locale.ROOT, " this JVM %.0f %% of %d cores; JIT compiling %d ms;",
				100.0 * (processCpuNanos() - processCpuStart) / wallNanos / cores, cores, compileMillis() - compileStart));
		snapshot().forEach((name, now) -> {
			long[] before = start.getOrDefault(name, new long[2]);
			out.append(String.format(Locale.ROOT, " %s %d collections %d ms;", name, now[0] - before[0],
					now[1] - before[1]));
		});
		return out.toString();
	}
}
