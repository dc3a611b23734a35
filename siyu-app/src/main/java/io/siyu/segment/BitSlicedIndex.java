package io.siyu.segment;

import java.util.Arrays;

import org.roaringbitmap.RoaringBitmap;

/**
 * A bit-sliced index of non-negative longs over customer ordinals (O'Neil &amp; Quass): one bitmap per bit of the
 * value plus the set of ordinals that have a value. A range query touches each slice once, whatever the number of
 * distinct values; updates change one bit per slice. Callers encode signed values with a bias (see {@link Codes}).
 */
final class BitSlicedIndex {

	private final RoaringBitmap exists = new RoaringBitmap();

	private RoaringBitmap[] slices = new RoaringBitmap[0];

	void set(int ord, long value) {
		if (value < 0) {
			throw new IllegalArgumentException("negative value " + value);
		}
		int bits = 64 - Long.numberOfLeadingZeros(value);
		if (bits > slices.length) {
			int old = slices.length;
			slices = Arrays.copyOf(slices, bits);
			for (int i = old; i < bits; i++) {
				slices[i] = new RoaringBitmap();
			}
		}
		exists.add(ord);
		for (int i = 0; i < slices.length; i++) {
			if ((value >>> i & 1) == 1) {
				slices[i].add(ord);
			}
			else {
				slices[i].remove(ord);
			}
		}
	}

	void remove(RoaringBitmap ords) {
		exists.andNot(ords);
		for (RoaringBitmap slice : slices) {
			slice.andNot(ords);
		}
	}

	/**
	 * An index of the given values, built in bulk: {@code ords[0..n)} ascending, one value each (faster than
	 * {@link #set} per ordinal: each slice is appended in order).
	 */
	static BitSlicedIndex of(int[] ords, long[] values, int n) {
		BitSlicedIndex bsi = new BitSlicedIndex();
		bsi.exists.addN(ords, 0, n);
		long max = 0;
		for (int i = 0; i < n; i++) {
			if (values[i] < 0) {
				throw new IllegalArgumentException("negative value " + values[i]);
			}
			max = Math.max(max, values[i]);
		}
		int bits = 64 - Long.numberOfLeadingZeros(max);
		bsi.slices = new RoaringBitmap[bits];
		int[] buffer = new int[n];
		for (int b = 0; b < bits; b++) {
			int k = 0;
			for (int i = 0; i < n; i++) {
				if ((values[i] >>> b & 1) == 1) {
					buffer[k++] = ords[i];
				}
			}
			bsi.slices[b] = new RoaringBitmap();
			bsi.slices[b].addN(buffer, 0, k);
		}
		return bsi;
	}

	/** The value of an ordinal, or -1 when it has none. */
	long get(int ord) {
		if (!exists.contains(ord)) {
			return -1;
		}
		long value = 0;
		for (int i = 0; i < slices.length; i++) {
			if (slices[i].contains(ord)) {
				value |= 1L << i;
			}
		}
		return value;
	}

	RoaringBitmap exists() {
		return exists;
	}

	RoaringBitmap compare(Expr.Cmp cmp, long value) {
		return compare(cmp, value, null);
	}

	/**
	 * The ordinals (among {@code found}, or all when null) whose value compares so with {@code value}. With a small
	 * {@code found} every step works on small bitmaps: the cost follows the candidates, not the index.
	 */
	RoaringBitmap compare(Expr.Cmp cmp, long value, RoaringBitmap found) {
		RoaringBitmap base = found == null ? exists : RoaringBitmap.and(exists, found);
		RoaringBitmap[] gtEq = gtEq(value, base);
		RoaringBitmap gt = gtEq[0];
		RoaringBitmap eq = gtEq[1];
		return switch (cmp) {
			case GT -> gt;
			case EQ -> eq;
			case GE -> RoaringBitmap.or(gt, eq);
			case LT -> RoaringBitmap.andNot(base, RoaringBitmap.or(gt, eq));
			case LE -> RoaringBitmap.andNot(base, gt);
		};
	}

	/** {values &gt; c, values = c} among {@code base}, walking the slices from the highest bit. */
	private RoaringBitmap[] gtEq(long c, RoaringBitmap base) {
		if (c < 0) {
			return new RoaringBitmap[] { base.clone(), new RoaringBitmap() };
		}
		int bits = 64 - Long.numberOfLeadingZeros(c);
		if (bits > slices.length) {
			return new RoaringBitmap[] { new RoaringBitmap(), new RoaringBitmap() };
		}
		RoaringBitmap gt = new RoaringBitmap();
		RoaringBitmap eq = base.clone();
		for (int i = slices.length - 1; i >= 0 && !eq.isEmpty(); i--) {
			if ((c >>> i & 1) == 1) {
				eq.and(slices[i]);
			}
			else {
				gt.or(RoaringBitmap.and(eq, slices[i]));
				eq.andNot(slices[i]);
			}
		}
		return new RoaringBitmap[] { gt, eq };
	}

	long bytes() {
		long total = exists.getSizeInBytes();
		for (RoaringBitmap slice : slices) {
			total += slice.getSizeInBytes();
		}
		return total;
	}

	void optimize() {
		exists.runOptimize();
		for (RoaringBitmap slice : slices) {
			slice.runOptimize();
		}
	}
}
