package io.siyu.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Timeline events by kind and day: per day a bitmap of the customers with an event of the kind and the events
 * themselves in columns (ordinal, ref, amount), 16 bytes per event. "At least once" in a window is an OR of day
 * bitmaps; counts of 2+ and amount sums add the window's events into an array over the window's customers only.
 * The timeline is append-only, so events are only ever added.
 */
final class BehaviourIndex {

	private final Map<String, Map<Integer, Day>> kinds = new HashMap<>();

	private final Map<String, Integer> refIds = new HashMap<>();

	private long events;

	void add(int ord, String kind, long epochDay, String ref, long amount) {
		Day day = kinds.computeIfAbsent(kind, k -> new HashMap<>()).computeIfAbsent((int) epochDay, d -> new Day());
		int refId = ref == null ? -1 : refIds.computeIfAbsent(ref, r -> refIds.size());
		day.add(ord, refId, amount);
		events++;
	}

	/**
	 * Customers (among {@code universe}) whose events of the kind (about {@code ref} when given) on days from
	 * {@code fromDay} on number, or sum to, at least {@code threshold}.
	 */
	RoaringBitmap atLeast(Expr.Metric metric, String kind, String ref, long fromDay, long threshold, RoaringBitmap universe) {
		boolean count = metric == Expr.Metric.COUNT;
		if (count && threshold <= 0) {
			return universe.clone();
		}
		List<Day> days = window(kind, fromDay);
		int refId = -1;
		if (ref != null) {
			Integer id = refIds.get(ref);
			if (id == null) {
				return threshold <= 0 ? universe.clone() : new RoaringBitmap();
			}
			refId = id;
		}
		RoaringBitmap candidates = days.isEmpty() ? new RoaringBitmap()
				: FastAggregation.or(days.stream().map(d -> d.present).toArray(RoaringBitmap[]::new));
		if (count && threshold == 1 && ref == null) {
			return candidates;
		}
		Slots slots = new Slots(candidates);
		long[] totals = new long[candidates.getCardinality()];
		for (Day day : days) {
			int[] ords = day.ords;
			int[] refs = day.refs;
			long[] amounts = day.amounts;
			for (int i = 0; i < day.size; i++) {
				if (refId >= 0 && refs[i] != refId) {
					continue;
				}
				totals[slots.of(ords[i])] += count ? 1 : amounts[i];
			}
		}
		int[] matched = new int[totals.length];
		int n = 0;
		IntIterator it = candidates.getIntIterator();
		int slot = 0;
		while (it.hasNext()) {
			int ord = it.next();
			if (totals[slot++] >= threshold) {
				matched[n++] = ord;
			}
		}
		RoaringBitmap result = new RoaringBitmap();
		result.addN(matched, 0, n);
		if (threshold <= 0) {
			result.or(RoaringBitmap.andNot(universe, candidates));
		}
		return result;
	}

	private List<Day> window(String kind, long fromDay) {
		Map<Integer, Day> byDay = kinds.get(kind);
		List<Day> days = new ArrayList<>();
		if (byDay != null) {
			byDay.forEach((day, block) -> {
				if (day >= fromDay) {
					days.add(block);
				}
			});
		}
		return days;
	}

	long events() {
		return events;
	}

	long bytes() {
		long total = refIds.size() * 64L;
		for (Map<Integer, Day> byDay : kinds.values()) {
			for (Day d : byDay.values()) {
				total += d.present.getSizeInBytes() + d.ords.length * 16L;
			}
		}
		return total;
	}

	void optimize() {
		kinds.values().forEach(byDay -> byDay.values().forEach(d -> d.present.runOptimize()));
	}

	/**
	 * A customer's position among the window's candidates in O(1) (RoaringBitmap's own {@code rank} walks the
	 * containers before the value and the words of a bitmap container: hundreds of ns per event, seconds over a year of
	 * orders at 20 M). A plain bitset of the candidates with the number of bits before each word: 12 bytes per 64
	 * ordinals, built once per query.
	 */
	private static final class Slots {

		private final long[] words;

		private final int[] before;

		Slots(RoaringBitmap candidates) {
			words = new long[candidates.isEmpty() ? 0 : (candidates.last() >>> 6) + 1];
			candidates.forEach((int ord) -> words[ord >>> 6] |= 1L << ord);
			before = new int[words.length];
			int sum = 0;
			for (int w = 0; w < words.length; w++) {
				before[w] = sum;
				sum += Long.bitCount(words[w]);
			}
		}

		/** The slot of a candidate (its rank − 1). */
		int of(int ord) {
			int w = ord >>> 6;
			return before[w] + Long.bitCount(words[w] & ((1L << ord) - 1));
		}
	}

	private static final class Day {

		final RoaringBitmap present = new RoaringBitmap();

		int[] ords = new int[16];

		int[] refs = new int[16];

		long[] amounts = new long[16];

		int size;

		void add(int ord, int ref, long amount) {
			if (size == ords.length) {
				int n = size * 2;
				ords = Arrays.copyOf(ords, n);
				refs = Arrays.copyOf(refs, n);
				amounts = Arrays.copyOf(amounts, n);
			}
			ords[size] = ord;
			refs[size] = ref;
			amounts[size] = amount;
			size++;
			present.add(ord);
		}
	}
}
