package io.siyu.segment;

import java.util.Arrays;

import org.roaringbitmap.BatchIterator;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Each ordinal's day as a 2-byte number (days since 1970-01-01, plus one; 0 where none): a range over few candidates
 * reads their days one by one, a cost that follows the candidates (and their matches), where the frozen range index
 * reads every slice of every chunk they touch, a cost that follows the corp. BsiCrossoverBench at 20 M, one thread,
 * against the frozen range: over 1/32 of the corp 0.6–1.0×, over 1/256 0.35–0.49×, over 1/1,024 0.11–0.19× (the
 * slices, used there before, 0.69–0.87×); over 1/16 1.1–1.8×, over all of it 7–66×. Days outside 1970–2149 do not
 * fit: one such day turns the column off for good, and ranges go to the {@link BitSlicedIndex} alone. 40 MB at 20 M.
 */
final class DayColumn {

	private static final long FIRST = Codes.day(0);

	private static final int MAX = Character.MAX_VALUE;

	private char[] days = new char[0];

	private boolean usable = true;

	/** Sets an ordinal's day (a day code, {@link Codes#day}). */
	void set(int ord, long code) {
		long v = code - FIRST + 1;
		if (v < 1 || v > MAX) {
			usable = false;
			days = new char[0];
			return;
		}
		if (!usable) {
			return;
		}
		if (ord >= days.length) {
			days = Arrays.copyOf(days, Math.max(ord + 1, days.length + (days.length >> 1) + 1024));
		}
		days[ord] = (char) v;
	}

	/** Forgets the ordinals' days. */
	void remove(RoaringBitmap ords) {
		for (IntIterator it = ords.getIntIterator(); it.hasNext();) {
			int ord = it.next();
			if (ord < days.length) {
				days[ord] = 0;
			}
		}
	}

	/** False once a day did not fit: ranges must then come from the bit-sliced index. */
	boolean usable() {
		return usable;
	}

	/** The candidates whose day code is in [lo, hi] (a new bitmap). */
	RoaringBitmap between(long lo, long hi, RoaringBitmap candidates) {
		int from = stored(lo, 1, MAX + 1L);
		int to = stored(hi, 0, MAX);
		RoaringBitmap out = new RoaringBitmap();
		if (from > to) {
			return out;
		}
		// the matches in order, added at once: no writer's 8 KB buffer for the few candidates of a change (W2)
		int[] hits = new int[Math.min(candidates.getCardinality(), 1 << 16)];
		int k = 0;
		char[] d = days;
		int[] batch = new int[256];
		for (BatchIterator it = candidates.getBatchIterator(); it.hasNext();) {
			int n = it.nextBatch(batch);
			for (int i = 0; i < n; i++) {
				int ord = batch[i];
				if (ord < d.length) {
					int v = d[ord];
					if (v >= from && v <= to) {
						if (k == hits.length) {
							out.addN(hits, 0, k);
							k = 0;
						}
						hits[k++] = ord;
					}
				}
			}
		}
		out.addN(hits, 0, k);
		return out;
	}

	/**
	 * How many candidates have a day code in [lo, hi], without building them: one compare per candidate, no branch on
	 * its outcome (a range keeps about half of them, which no branch predictor guesses).
	 */
	long count(long lo, long hi, RoaringBitmap candidates) {
		int from = stored(lo, 1, MAX + 1L);
		int to = stored(hi, 0, MAX);
		if (from > to) {
			return 0;
		}
		long n = 0;
		char[] d = days;
		int width = to - from;
		int[] batch = new int[256];
		for (BatchIterator it = candidates.getBatchIterator(); it.hasNext();) {
			int k = it.nextBatch(batch);
			for (int i = 0; i < k; i++) {
				int ord = batch[i];
				// unsigned: v - from in [0, width], with v 0 past the end (no day)
				int v = ord < d.length ? d[ord] : 0;
				n += Integer.compareUnsigned(v - from, width) <= 0 ? 1 : 0;
			}
		}
		return n;
	}

	/** A range's bound as stored (days since 1970-01-01, plus one), clipped to [floor, ceiling]; none: the ceiling. */
	private static int stored(long code, long floor, long ceiling) {
		return (int) (code == Long.MAX_VALUE ? ceiling : Math.max(floor, Math.min(ceiling, code - FIRST + 1)));
	}

	long bytes() {
		return 2L * days.length;
	}
}
