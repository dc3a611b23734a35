package io.siyu.segment;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

import org.roaringbitmap.RoaringBitmap;

/**
 * The customers added in each standard rolling window ("added within 7 days", and 30, 60, 90, 180 and 365, as
 * {@link WindowTotals#STANDARD_DAYS}), kept for the day they were asked on: operators and saved segments ask for new
 * customers of the last week or month again and again, and each ask over a large corp is a range over every slice of
 * the added-day index (2–5 ms at 20 M on one thread, BsiCrossoverBench), or over a few hundred thousand candidates
 * their days one by one (W1 at 20 M: 7.5 ms for 420,000), where a kept answer is one AND. A window is built on its
 * first ask, over all ordinals, and follows every later change of an added day ({@link #set}, {@link #remove};
 * callers hold the index's write lock, as for the index itself). When the day changes the engine's worker builds the
 * kept ones again ({@link #roll}), else the next ask does.
 * Access is synchronized: the parts of one evaluation may ask for the same window at once, and one builds it.
 */
final class AddedWindows {

	/** A window's members, with its first day's code (the window is that day and every later one). */
	private record Window(long from, RoaringBitmap members) {
	}

	private final Map<Integer, Window> kept = new HashMap<>();

	/** True when "added within {@code days}" is a window kept here (built or not). */
	static boolean standard(int days) {
		return WindowTotals.standard(days);
	}

	/**
	 * The members of the window of {@code days} days up to {@code today}, built with {@code build} (the customers whose
	 * added-day code is at least the one given) when not kept for that day; never modify it.
	 */
	synchronized RoaringBitmap get(int days, long today, LongFunction<RoaringBitmap> build) {
		long from = Codes.day(today - days + 1);
		Window w = kept.get(days);
		if (w == null || w.from != from) {
			w = new Window(from, build.apply(from));
			kept.put(days, w);
		}
		return w.members;
	}

	/** Builds every kept window that is not of {@code today} again, for it (the day changed). */
	synchronized void roll(long today, LongFunction<RoaringBitmap> build) {
		kept.keySet().forEach(days -> get(days, today, build));
	}

	/** True when the window is kept for {@code today}: asking it is a look-up. */
	synchronized boolean kept(int days, long today) {
		Window w = kept.get(days);
		return w != null && w.from == Codes.day(today - days + 1);
	}

	/** An ordinal's added day is now {@code code}: it joins the windows that day falls in and leaves the others. */
	synchronized void set(int ord, long code) {
		for (Window w : kept.values()) {
			if (code >= w.from) {
				w.members.add(ord);
			}
			else {
				w.members.remove(ord);
			}
		}
	}

	/** The ordinals have no added day any more. */
	synchronized void remove(RoaringBitmap ords) {
		kept.values().forEach(w -> w.members.andNot(ords));
	}

	synchronized long bytes() {
		return kept.values().stream().mapToLong(w -> w.members.getSizeInBytes() + 64).sum();
	}
}
