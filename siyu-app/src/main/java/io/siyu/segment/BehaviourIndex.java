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
		long[] totals = new long[candidates.getCardinality()];
		for (Day day : days) {
			for (int i = 0; i < day.size; i++) {
				if (refId >= 0 && day.refs[i] != refId) {
					continue;
				}
				int slot = candidates.rank(day.ords[i]) - 1;
				totals[slot] += count ? 1 : day.amounts[i];
			}
		}
		RoaringBitmap result = new RoaringBitmap();
		IntIterator it = candidates.getIntIterator();
		int slot = 0;
		while (it.hasNext()) {
			int ord = it.next();
			if (totals[slot++] >= threshold) {
				result.add(ord);
			}
		}
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
