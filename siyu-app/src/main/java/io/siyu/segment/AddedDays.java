package io.siyu.segment;

import org.roaringbitmap.RoaringBitmap;

/**
 * Conditions on the added day for an {@link Evaluator}, as ranges of day codes [days[0], days[1]] ({@link AddedRanges}),
 * each the cheapest way: a standard rolling window ("added within 30 days") from its kept bitmap ({@link AddedWindows});
 * a range over few candidates from their days one by one ({@link DayColumn}), whose cost follows the candidates; other
 * ranges from the range index ({@link BitSlicedIndex}), whose cost follows the corp. Counts are taken without building
 * the matches.
 */
final class AddedDays {

	/** Candidates under 1/this of the corp read the column when building a range. */
	static final long FEW_FOR_COLUMN = 32;

	/**
	 * Candidates under 1/this of the corp read the column when counting a range. BsiCrossoverBench at 20 M, counts
	 * against the frozen index's: over 1/256 of the corp the column takes 0.27–0.43×, over 1/64 1.4–2.2×, over 1/32
	 * 1.2–2.1×.
	 */
	static final long FEW_FOR_COLUMN_COUNT = 128;

	private final CorpIndex index;

	private final long today;

	AddedDays(CorpIndex index, long today) {
		this.index = index;
		this.today = today;
	}

	/**
	 * The customers among {@code within} added on a day in the range: may hold others and may be a kept bitmap, so
	 * callers intersect it with {@code within} and never modify it.
	 */
	RoaringBitmap among(long[] days, RoaringBitmap within) {
		RoaringBitmap window = window(days);
		if (window != null) {
			return window;
		}
		return index.addedDays.usable() && few(within, FEW_FOR_COLUMN) ? index.addedDays.between(days[0], days[1], within)
				: index.added.between(days[0], days[1], within);
	}

	/** How many of {@code r} were added on a day in the range. */
	long count(long[] days, RoaringBitmap r) {
		RoaringBitmap window = window(days);
		if (window != null) {
			return Intersections.andCardinality(r, window);
		}
		return index.addedDays.usable() && few(r, FEW_FOR_COLUMN_COUNT) ? index.addedDays.count(days[0], days[1], r)
				: index.added.count(days[0], days[1], r);
	}

	/**
	 * The kept members of a standard rolling window when the range is one ("added within 30 days", or a date that is
	 * its first day), built now if not kept for today; else null.
	 */
	private RoaringBitmap window(long[] days) {
		if (days[1] != Long.MAX_VALUE) {
			return null;
		}
		int n = (int) Math.min(Integer.MAX_VALUE, Math.max(0, today - (days[0] - Codes.day(0)) + 1));
		return AddedWindows.standard(n) ? index.addedWindows.get(n, today, index::addedSince) : null;
	}

	private boolean few(RoaringBitmap within, long share) {
		return within.getLongCardinality() * share <= index.alive.getLongCardinality();
	}
}
