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

	RoaringBitmap exists() {
		return exists;
	}

	RoaringBitmap compare(Expr.Cmp cmp, long value) {
		RoaringBitmap[] gtEq = gtEq(value);
		RoaringBitmap gt = gtEq[0];
		RoaringBitmap eq = gtEq[1];
		return switch (cmp) {
			case GT -> gt;
			case EQ -> eq;
			case GE -> RoaringBitmap.or(gt, eq);
			case LT -> RoaringBitmap.andNot(exists, RoaringBitmap.or(gt, eq));
			case LE -> RoaringBitmap.andNot(exists, gt);
		};
	}

	/** {values &gt; c, values = c}, walking the slices from the highest bit. */
	private RoaringBitmap[] gtEq(long c) {
		if (c < 0) {
			return new RoaringBitmap[] { exists.clone(), new RoaringBitmap() };
		}
		int bits = 64 - Long.numberOfLeadingZeros(c);
		if (bits > slices.length) {
			return new RoaringBitmap[] { new RoaringBitmap(), new RoaringBitmap() };
		}
		RoaringBitmap gt = new RoaringBitmap();
		RoaringBitmap eq = exists.clone();
		for (int i = slices.length - 1; i >= 0; i--) {
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
