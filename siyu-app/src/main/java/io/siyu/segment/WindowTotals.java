package io.siyu.segment;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.roaringbitmap.RoaringBitmap;

/**
 * Per-customer totals of one event kind over one rolling window ("the last {@code days} days", today counting as one,
 * later-dated events included): the number of events or the sum of their amounts, as a {@link BitSlicedIndex}, so a
 * threshold ("2+ orders in 90 days", "spent ≥ 500 in 365 days") is a range query over the slices instead of a pass over
 * every event of the window. Built for a given day from the event columns; kept current as events arrive
 * ({@link #add}); a new day makes it stale ({@link #today}) and the owner builds a new one (days leave the window).
 * Sums may be negative (refunds): values are stored shifted by the smallest total seen at build time; an event that
 * would push a total below it makes the totals unusable ({@link #add} returns false) and the owner rebuilds them.
 * <p>
 * The answers of the last {@value #KEPT_ANSWERS} thresholds asked over most customers are kept and updated with each
 * event ({@link #add}): operators and saved segments ask the same few thresholds again and again ("spent ≥ 500 in
 * 365 days", the RFM bands), and a wide sum answered from the slices costs a pass over every customer with a value.
 */
final class WindowTotals {

	/** Windows kept as totals; others are answered by a pass over the window's events. */
	static final int[] STANDARD_DAYS = { 7, 30, 60, 90, 180, 365 };

	final String kind;

	final int days;

	final boolean sum;

	/** The day (epoch day) the window ends on: it covers days from {@code today - days + 1} on. */
	final long today;

	private final long offset;

	private final BitSlicedIndex values;

	static final int KEPT_ANSWERS = 8;

	/** Threshold → the customers whose total reaches it, most recently asked last; access synchronized on the map. */
	private final Map<Long, RoaringBitmap> answers = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, RoaringBitmap> eldest) {
			return size() > KEPT_ANSWERS;
		}

	};

	private WindowTotals(String kind, int days, boolean sum, long today, long offset, BitSlicedIndex values) {
		this.kind = kind;
		this.days = days;
		this.sum = sum;
		this.today = today;
		this.offset = offset;
		this.values = values;
	}

	static boolean standard(int days) {
		return Arrays.stream(STANDARD_DAYS).anyMatch(d -> d == days);
	}

	/** Totals from the customers' totals, {@code ords[0..n)} ascending. */
	static WindowTotals of(String kind, int days, boolean sum, long today, int[] ords, long[] totals, int n) {
		long offset = 0;
		for (int i = 0; i < n; i++) {
			offset = Math.min(offset, totals[i]);
		}
		long[] shifted = new long[n];
		for (int i = 0; i < n; i++) {
			shifted[i] = totals[i] - offset;
		}
		BitSlicedIndex bsi = BitSlicedIndex.of(ords, shifted, n);
		bsi.optimize();
		return new WindowTotals(kind, days, sum, today, offset, bsi);
	}

	long fromDay() {
		return today - days + 1;
	}

	/**
	 * Counts one new event (caller holds the index's write lock). False when the totals can no longer represent the
	 * window (a sum below the build's smallest): the owner drops them.
	 */
	boolean add(int ord, long epochDay, long amount) {
		if (epochDay < fromDay()) {
			return true;
		}
		long stored = values.get(ord);
		long total = (stored < 0 ? 0 : stored + offset) + (sum ? amount : 1);
		if (total - offset < 0) {
			return false;
		}
		values.set(ord, total - offset);
		synchronized (answers) {
			answers.forEach((threshold, answer) -> {
				if (total >= threshold) {
					answer.add(ord);
				}
				else {
					answer.remove(ord); // a refund
				}
			});
		}
		return true;
	}

	/**
	 * Customers among {@code within} (all customers with events when null) whose total is at least {@code threshold};
	 * customers without events in the window have total 0 and are included when {@code threshold <= 0}. For a kept
	 * threshold, or over candidates the frozen range would answer (1/{@value BitSlicedIndex#FEW_FOR_SLICES} of the
	 * customers with a total or more: it costs about the same for all, so the answer is worked out for all and kept),
	 * the answer among all customers: it may hold others than {@code within} and must not be modified.
	 */
	RoaringBitmap atLeast(long threshold, RoaringBitmap within) {
		if (!sum && threshold == 1) {
			// every event counts 1 and totals only grow between builds: having a total means at least one event
			return within == null ? values.exists() : RoaringBitmap.and(values.exists(), within);
		}
		if (threshold > 0) {
			synchronized (answers) {
				RoaringBitmap kept = answers.get(threshold);
				long many = values.exists().getLongCardinality() / BitSlicedIndex.FEW_FOR_SLICES;
				if (kept == null && (within == null || within.getLongCardinality() >= many)) {
					kept = values.compare(Expr.Cmp.GE, threshold - offset, null);
					answers.put(threshold, kept);
				}
				if (kept != null) {
					return kept;
				}
			}
		}
		RoaringBitmap r = values.compare(Expr.Cmp.GE, threshold - offset, within);
		if (threshold <= 0) {
			r.or(RoaringBitmap.andNot(within, values.exists()));
		}
		return r;
	}

	/**
	 * At least as many as the customers whose total is {@code threshold} or more (all when it is 0 or less; exactly as
	 * many for a kept threshold).
	 */
	long atLeastBound(long threshold) {
		if (threshold <= 0) {
			return Long.MAX_VALUE;
		}
		synchronized (answers) {
			RoaringBitmap kept = answers.get(threshold);
			if (kept != null) {
				return kept.getLongCardinality();
			}
		}
		return values.atLeastBound(threshold - offset);
	}

	/** True when "at least {@code threshold}" is answered without a pass (a kept answer; a count of one). */
	boolean kept(long threshold) {
		if (!sum && threshold == 1) {
			return true;
		}
		synchronized (answers) {
			return answers.containsKey(threshold);
		}
	}

	/** How many thresholds' answers are kept (tests). */
	int keptAnswers() {
		synchronized (answers) {
			return answers.size();
		}
	}

	long bytes() {
		synchronized (answers) {
			return values.bytes() + answers.values().stream().mapToLong(RoaringBitmap::getSizeInBytes).sum();
		}
	}
}
