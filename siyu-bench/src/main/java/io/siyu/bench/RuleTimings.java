package io.siyu.bench;

import java.util.Arrays;

import org.HdrHistogram.Histogram;

/**
 * What W1's timed passes over the rules recorded: latency histograms for each kind of query, and for the corp admin's
 * count each rule's answer, best and worst time and every time by pass (where the tail comes from).
 */
final class RuleTimings {

	final Histogram countAdmin = new Histogram(3), countStore = new Histogram(3), runAdmin = new Histogram(3),
			runStore = new Histogram(3), tagEngine = new Histogram(3), tagFloor = new Histogram(3);

	/** The same two timings without those a garbage collection fell into, to tell pauses from the evaluation. */
	final Histogram countAdminNoGc = new Histogram(3), tagFloorNoGc = new Histogram(3);

	final long[] countsAdmin;

	final long[] countsStore;

	final long[] bestNanos;

	final long[] worstNanos;

	/** The corp admin's count time by pass and rule. */
	final long[][] countNanos;

	RuleTimings(int rules, int passes) {
		countsAdmin = new long[rules];
		countsStore = new long[rules];
		bestNanos = new long[rules];
		Arrays.fill(bestNanos, Long.MAX_VALUE);
		worstNanos = new long[rules];
		countNanos = new long[passes][rules];
	}

	/** The corp admin's count of rule {@code i} in pass {@code run}; {@code noGc} when no collection fell into it. */
	void countAdmin(int run, int i, long count, long nanos, boolean noGc) {
		countsAdmin[i] = count;
		SegmentBench.record(countAdmin, nanos);
		if (noGc) {
			SegmentBench.record(countAdminNoGc, nanos);
		}
		bestNanos[i] = Math.min(bestNanos[i], nanos);
		worstNanos[i] = Math.max(worstNanos[i], nanos);
		countNanos[run][i] = nanos;
	}
}
