package io.siyu.segment;

import java.util.Arrays;

import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RangeBitmap;
import org.roaringbitmap.RoaringBitmap;

/**
 * A bit-sliced index of non-negative longs over customer ordinals (O'Neil &amp; Quass): one bitmap per bit of the
 * value plus the set of ordinals that have a value. A range query touches each slice once, whatever the number of
 * distinct values; updates change one bit per slice. Callers encode signed values with a bias (see {@link Codes}).
 * <p>
 * The slices are the truth and take every update. {@link #optimize} also freezes the values into a
 * {@link RangeBitmap} (RoaringBitmap's immutable range index, which evaluates a range 64K rows at a time in word
 * arrays, 3–6 times faster than slice-by-slice bitmap operations over millions of customers); ordinals updated after the
 * freeze are listed in {@link #changed} and answered from the slices. When more than {@link #refreezeAfter} have changed
 * the next update freezes again (caller holds the write lock, as for every update).
 */
final class BitSlicedIndex {

	private final RoaringBitmap exists = new RoaringBitmap();

	private RoaringBitmap[] slices = new RoaringBitmap[0];

	/**
	 * Value − {@link #frozenBase} + 1 of each ordinal in [0, frozenRows) as of the last freeze, 0 where none; null
	 * before the first.
	 */
	private RangeBitmap frozen;

	/**
	 * The least value at the last freeze: a range reads one slice per bit of the frozen values, so they are kept from
	 * it (days since 1,000,000 + the epoch took 20 slices, two years of days take 10).
	 */
	private long frozenBase;

	private long frozenMax;

	private int frozenRows;

	private long frozenBytes;

	/**
	 * Every {@code k}-th value at the last freeze (at most {@value #SAMPLE}), sorted: how many a comparison matches is
	 * estimated from it, to rank the items of an AND without running them.
	 */
	private long[] sample = new long[0];

	static final int SAMPLE = 4096;

	/** Ordinals set or removed since the freeze (their frozen values are stale). */
	private RoaringBitmap changed = new RoaringBitmap();

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
		if (frozen != null) {
			changed.add(ord);
			refreezeIfStale();
		}
	}

	void remove(RoaringBitmap ords) {
		exists.andNot(ords);
		for (RoaringBitmap slice : slices) {
			slice.andNot(ords);
		}
		if (frozen != null) {
			changed.or(ords);
			refreezeIfStale();
		}
	}

	/** How many changed ordinals a freeze tolerates: 1/32 of its rows, at least 4,096. */
	long refreezeAfter() {
		return Math.max(4096, frozenRows / 32);
	}

	private void refreezeIfStale() {
		if (changed.getLongCardinality() > refreezeAfter()) {
			freeze();
		}
	}

	/** Takes the current values into a new {@link RangeBitmap}: one pass over each slice, one append per row. */
	void freeze() {
		int rows = exists.isEmpty() ? 0 : exists.last() + 1;
		long[] values = new long[rows];
		for (int i = 0; i < slices.length; i++) {
			long bit = 1L << i;
			slices[i].forEach((int ord) -> values[ord] |= bit);
		}
		long base = Long.MAX_VALUE;
		for (IntIterator it = exists.getIntIterator(); it.hasNext();) {
			base = Math.min(base, values[it.next()]);
		}
		base = exists.isEmpty() ? 0 : base;
		long step = Math.max(1, (exists.getLongCardinality() + SAMPLE - 1) / SAMPLE);
		long[] sampled = new long[(int) ((exists.getLongCardinality() + step - 1) / step)];
		long seen = 0;
		for (IntIterator it = exists.getIntIterator(); it.hasNext(); seen++) {
			int ord = it.next();
			if (seen % step == 0) {
				sampled[(int) (seen / step)] = values[ord];
			}
		}
		Arrays.sort(sampled);
		long max = 0;
		for (IntIterator it = exists.getIntIterator(); it.hasNext();) {
			int ord = it.next();
			values[ord] = values[ord] - base + 1;
			max = Math.max(max, values[ord]);
		}
		RangeBitmap.Appender appender = RangeBitmap.appender(Math.max(1, max));
		for (long v : values) {
			appender.add(v);
		}
		frozenBytes = appender.serializedSizeInBytes();
		frozen = appender.build();
		frozenBase = base;
		frozenMax = Math.max(1, max);
		frozenRows = rows;
		changed = new RoaringBitmap();
		sample = sampled;
	}

	/**
	 * About how many ordinals have a value that compares so with {@code value}: from the values sampled at the last
	 * freeze, scaled to those with a value now (changes since move it by at most 1/32); all with a value before the
	 * first freeze.
	 */
	long estimate(Expr.Cmp cmp, long value) {
		long[] range = range(cmp, value);
		return estimate(range[0], range[1]);
	}

	/** The values [lo, hi] (non-negative; lo &gt; hi when none) that compare so with {@code value}. */
	static long[] range(Expr.Cmp cmp, long value) {
		return switch (cmp) {
			case GE -> new long[] { Math.max(0, value), Long.MAX_VALUE };
			case GT -> value == Long.MAX_VALUE ? new long[] { 1, 0 } : new long[] { Math.max(0, value + 1), Long.MAX_VALUE };
			case LE -> new long[] { 0, value };
			case LT -> value <= 0 ? new long[] { 1, 0 } : new long[] { 0, value - 1 };
			case EQ -> new long[] { value, value };
		};
	}

	/** As {@link #estimate(Expr.Cmp, long)}, for values in [lo, hi]. */
	long estimate(long lo, long hi) {
		long all = exists.getLongCardinality();
		int n = sample.length;
		if (n == 0) {
			return all;
		}
		if (lo > hi) {
			return 0;
		}
		int above = hi == Long.MAX_VALUE ? n : firstAtLeast(hi + 1);
		return all * Math.max(0, above - firstAtLeast(lo)) / n;
	}

	/** The index of the first sampled value at least {@code v} (n when none is). */
	private int firstAtLeast(long v) {
		int lo = 0, hi = sample.length;
		while (lo < hi) {
			int mid = lo + hi >>> 1;
			if (sample[mid] < v) {
				lo = mid + 1;
			}
			else {
				hi = mid;
			}
		}
		return lo;
	}

	/** How many bits the frozen values take (a range reads a slice per bit); 0 before the first freeze (tests). */
	int frozenBits() {
		return frozen == null ? 0 : 64 - Long.numberOfLeadingZeros(frozenMax);
	}

	/** How many ordinals were updated since the last freeze (tests). */
	long changedSinceFreeze() {
		return changed.getLongCardinality();
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

	/**
	 * At least as many as the ordinals whose value is {@code c} or more: for {@code c} &gt; 0, the sum of the slices from
	 * {@code c}'s top bit up (every such value has a bit there or higher). Cheap: no bitmap is combined.
	 */
	long atLeastBound(long c) {
		long all = exists.getLongCardinality();
		if (c <= 0) {
			return all;
		}
		long upper = 0;
		for (int i = 63 - Long.numberOfLeadingZeros(c); i < slices.length; i++) {
			upper += slices[i].getLongCardinality();
		}
		return Math.min(all, upper);
	}

	RoaringBitmap compare(Expr.Cmp cmp, long value) {
		return compare(cmp, value, null);
	}

	/**
	 * The ordinals (among {@code found}, or all when null) whose value compares so with {@code value}. From the frozen
	 * values, except for few candidates: under 1/{@value #FEW_FOR_SLICES} of the frozen rows (1/{@value
	 * #FEW_FOR_SLICES_BELOW} for "less than", which also subtracts from the candidates), the slices' steps work on small
	 * bitmaps and cost follows the candidates, not the index. BsiCrossoverBench at 20 M: from the slices, a threshold
	 * over added days among 1/16 of the rows cost 3.5–7 times the frozen range, among 1/256 0.8 times ("at least") and
	 * 1.5 times ("less than"); a 365-day sum over all customers 1.6 times.
	 */
	RoaringBitmap compare(Expr.Cmp cmp, long value, RoaringBitmap found) {
		long share = cmp == Expr.Cmp.LT || cmp == Expr.Cmp.LE ? FEW_FOR_SLICES_BELOW : FEW_FOR_SLICES;
		if (frozen != null && (found == null || found.getLongCardinality() * share >= frozenRows)) {
			return compareFrozen(cmp, value, found);
		}
		return compareSlices(cmp, value, found);
	}

	static final long FEW_FOR_SLICES = 256;

	static final long FEW_FOR_SLICES_BELOW = 1024;

	/** The ordinals among {@code found} (a subset of all, never null) whose value is in [lo, hi]. */
	RoaringBitmap between(long lo, long hi, RoaringBitmap found) {
		if (lo > hi) {
			return new RoaringBitmap();
		}
		if (lo <= 0) {
			return hi == Long.MAX_VALUE ? base(found) : compare(Expr.Cmp.LE, hi, found);
		}
		if (hi == Long.MAX_VALUE) {
			return compare(Expr.Cmp.GE, lo, found);
		}
		if (frozen == null || found.getLongCardinality() * FEW_FOR_SLICES < frozenRows) {
			return RoaringBitmap.and(compareSlices(Expr.Cmp.GE, lo, found), compareSlices(Expr.Cmp.LE, hi, found));
		}
		// RangeBitmap answers a range above its largest value with rows: none can be there
		long from = Math.max(lo, frozenBase) - frozenBase + 1;
		RoaringBitmap r = hi < frozenBase || from > frozenMax ? new RoaringBitmap()
				: frozen.between(from, Math.min(hi - frozenBase + 1, frozenMax), frozenContext(found));
		if (!changed.isEmpty()) {
			RoaringBitmap stale = RoaringBitmap.and(found, changed);
			r.andNot(changed);
			r.or(RoaringBitmap.and(compareSlices(Expr.Cmp.GE, lo, stale), compareSlices(Expr.Cmp.LE, hi, stale)));
		}
		return r;
	}

	/**
	 * How many of {@code found} (a subset of all, never null) have a value in [lo, hi], without building them: the
	 * frozen values count each chunk's matches as they are found (RangeBitmap's cardinality queries); few candidates
	 * and those changed since the freeze are counted from {@link #between}.
	 */
	long count(long lo, long hi, RoaringBitmap found) {
		if (lo > hi || found.isEmpty()) {
			return 0;
		}
		if (frozen == null || found.getLongCardinality() * FEW_FOR_SLICES < frozenRows) {
			return between(lo, hi, found).getLongCardinality();
		}
		RoaringBitmap context = frozenContext(found);
		RoaringBitmap stale = RoaringBitmap.and(found, changed);
		if (!stale.isEmpty()) {
			context = context == found ? RoaringBitmap.andNot(found, stale) : RoaringBitmap.andNot(context, stale);
		}
		long from = Math.max(lo, frozenBase) - frozenBase + 1;
		long n = hi < frozenBase || from > frozenMax || context.isEmpty() ? 0
				: hi >= frozenBase + frozenMax - 1 ? frozen.gteCardinality(from, context)
						: frozen.betweenCardinality(from, hi - frozenBase + 1, context);
		return stale.isEmpty() ? n : n + RoaringBitmap.and(compareSlices(Expr.Cmp.GE, lo, stale),
				compareSlices(Expr.Cmp.LE, hi, stale)).getLongCardinality();
	}

	/** As {@link #compare}, the way given: from the frozen values (when frozen) or the slices (BsiCrossoverBench). */
	RoaringBitmap compare(Expr.Cmp cmp, long value, RoaringBitmap found, boolean fromSlices) {
		return fromSlices || frozen == null ? compareSlices(cmp, value, found) : compareFrozen(cmp, value, found);
	}

	/**
	 * From the frozen values, except for ordinals changed since (from the slices). Rows beyond the freeze have no frozen
	 * value: they are either changed or have no value at all.
	 */
	private RoaringBitmap compareFrozen(Expr.Cmp cmp, long value, RoaringBitmap found) {
		RoaringBitmap r = frozenRange(cmp, value, frozenContext(found));
		if (!changed.isEmpty()) {
			r.andNot(changed);
			r.or(compareSlices(cmp, value, found == null ? changed : RoaringBitmap.and(found, changed)));
		}
		return r;
	}

	/**
	 * The candidates the frozen values can answer for: {@code found} without the rows beyond the freeze (they are either
	 * changed or have no value); null stays null (all).
	 */
	private RoaringBitmap frozenContext(RoaringBitmap found) {
		if (found == null || found.isEmpty() || found.last() < frozenRows) {
			return found;
		}
		RoaringBitmap context = found.clone();
		context.remove(frozenRows, 1L << 32);
		return context;
	}

	/** One comparison over the frozen values (stored from the base, shifted by one: 0 means no value). */
	private RoaringBitmap frozenRange(Expr.Cmp cmp, long c, RoaringBitmap context) {
		if (cmp == Expr.Cmp.GT) {
			return c == Long.MAX_VALUE ? new RoaringBitmap() : frozenRange(Expr.Cmp.GE, c + 1, context);
		}
		if (cmp == Expr.Cmp.LT) {
			return c <= 0 ? new RoaringBitmap() : frozenRange(Expr.Cmp.LE, c - 1, context);
		}
		if (c < frozenBase) {
			// below every frozen value: all with a value are at least c, none at most or equal
			return cmp == Expr.Cmp.GE ? context == null ? frozen.gte(1) : frozen.gte(1, context) : new RoaringBitmap();
		}
		long shifted = c == Long.MAX_VALUE ? c : c - frozenBase + 1;
		return switch (cmp) {
			case GE -> context == null ? frozen.gte(shifted) : frozen.gte(shifted, context);
			case LE -> context == null ? frozen.between(1, shifted) : frozen.between(1, shifted, context);
			case EQ -> context == null ? frozen.eq(shifted) : frozen.eq(shifted, context);
			default -> throw new IllegalStateException(cmp.toString());
		};
	}

	/** From the slices alone. */
	private RoaringBitmap compareSlices(Expr.Cmp cmp, long value, RoaringBitmap found) {
		RoaringBitmap[] gtEq = gtEq(value, found);
		RoaringBitmap gt = gtEq[0];
		RoaringBitmap eq = gtEq[1];
		return switch (cmp) {
			case GT -> gt;
			case EQ -> eq;
			case GE -> RoaringBitmap.or(gt, eq);
			case LT -> RoaringBitmap.andNot(base(found), RoaringBitmap.or(gt, eq));
			case LE -> RoaringBitmap.andNot(base(found), gt);
		};
	}

	/** The ordinals with a value among {@code found} (all when null), a new bitmap. */
	private RoaringBitmap base(RoaringBitmap found) {
		return found == null ? exists.clone() : RoaringBitmap.and(exists, found);
	}

	/**
	 * {values &gt; c, values = c} among {@code found} (all when null), new bitmaps. The slices above {@code c}'s top bit
	 * are united first: an ordinal in any of them is greater, and the equal ones start from the top bit's slice less
	 * those. So a high threshold ("spent ≥ 50,000") costs the few ordinals with such high bits instead of a pass over
	 * every ordinal with a value for each of them; the walk down the lower slices then works on the top bit's slice.
	 */
	private RoaringBitmap[] gtEq(long c, RoaringBitmap found) {
		if (c < 0) {
			return new RoaringBitmap[] { base(found), new RoaringBitmap() };
		}
		int bits = 64 - Long.numberOfLeadingZeros(c);
		if (bits > slices.length) {
			return new RoaringBitmap[] { new RoaringBitmap(), new RoaringBitmap() };
		}
		RoaringBitmap upper = bits == slices.length ? new RoaringBitmap()
				: FastAggregation.or(Arrays.copyOfRange(slices, bits, slices.length));
		RoaringBitmap gt = found == null ? upper : RoaringBitmap.and(upper, found);
		if (bits == 0) {
			// c = 0: every value but 0 is greater
			return new RoaringBitmap[] { gt, RoaringBitmap.andNot(base(found), upper) };
		}
		RoaringBitmap eq = found == null ? slices[bits - 1].clone() : RoaringBitmap.and(slices[bits - 1], found);
		eq.andNot(upper);
		for (int i = bits - 2; i >= 0 && !eq.isEmpty(); i--) {
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
		long total = exists.getSizeInBytes() + (frozen == null ? 0 : frozenBytes) + changed.getSizeInBytes();
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
		freeze();
	}
}
