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
 * Timeline events by kind and day: per day a bitmap of the customers with an event of the kind (and one per ref) and
 * the events themselves in columns (ordinal, ref, amount), 16 bytes per event. "At least once" in a window is an OR of
 * day bitmaps, kept for the windows last asked ({@link WindowUnions}); counts and amount sums over the standard
 * windows ({@link WindowTotals#STANDARD_DAYS}, no ref) are kept as per-customer totals (bit-sliced, built on first
 * use, rebuilt when the day changes); other thresholds add the window's events into an array over the candidates.
 * The timeline is append-only, so events are only ever added.
 */
final class BehaviourIndex {

	private final Map<String, Map<Integer, Day>> kinds = new HashMap<>();

	private final Map<String, Integer> refIds = new HashMap<>();

	/** Totals by kind, window and metric ("kind/days/sum"); readers build them, so access is synchronized. */
	private final Map<String, WindowTotals> totals = new HashMap<>();

	/** Unions of day bitmaps kept for the windows last asked ("clicked L1 in 7 days"). */
	private final WindowUnions unions = new WindowUnions();

	private long events;

	/** Adds an event (caller holds the write lock, or builds the index alone). */
	void add(int ord, String kind, long epochDay, String ref, long amount) {
		Day day = kinds.computeIfAbsent(kind, k -> new HashMap<>()).computeIfAbsent((int) epochDay, d -> new Day());
		int refId = ref == null ? -1 : refIds.computeIfAbsent(ref, r -> refIds.size());
		day.add(ord, refId, amount);
		unions.add(ord, kind, refId, epochDay);
		events++;
		synchronized (totals) {
			totals.values().removeIf(t -> t.kind.equals(kind) && !t.add(ord, epochDay, amount));
		}
	}

	/**
	 * Customers whose events of the kind (about {@code ref} when given) in the {@code days} days up to {@code today}
	 * (and later) number, or sum to, at least {@code threshold}. Exact within {@code within} (the live customers, or
	 * the candidates a caller has narrowed them to); the result may hold customers outside it and must not be
	 * modified.
	 */
	RoaringBitmap atLeast(Expr.Metric metric, String kind, String ref, long today, int days, long threshold,
			RoaringBitmap within) {
		boolean count = metric == Expr.Metric.COUNT;
		if (count && threshold <= 0) {
			return within;
		}
		long fromDay = today - days + 1;
		Integer id = refIdOf(ref);
		if (id == null) {
			return threshold <= 0 ? within : new RoaringBitmap();
		}
		int refId = id;
		if (ref == null && WindowTotals.standard(days) && kinds.containsKey(kind)) {
			return totals(kind, days, !count, today).atLeast(threshold, within);
		}
		List<Day> days_ = window(kind, fromDay);
		if (count && threshold == 1) {
			RoaringBitmap kept = unions.get(kind, refId, days, today);
			if (kept != null) {
				return kept;
			}
			int r = refId;
			RoaringBitmap[] present = days_.stream().map(d -> r < 0 ? d.present : d.byRef.get(r))
				.filter(b -> b != null).toArray(RoaringBitmap[]::new);
			RoaringBitmap union = Unions.or(present, 0, 1L << 32);
			unions.keep(kind, refId, days, today, union);
			return union;
		}
		RoaringBitmap candidates = days_.isEmpty() ? new RoaringBitmap()
				: FastAggregation.or(days_.stream().map(d -> d.present).toArray(RoaringBitmap[]::new));
		if (within.getLongCardinality() < candidates.getLongCardinality()) {
			candidates.and(within);
		}
		Scan scan = new Scan(candidates);
		for (Day day : days_) {
			scan.add(day, refId, count);
		}
		RoaringBitmap result = scan.atLeast(threshold);
		if (threshold <= 0) {
			result.or(RoaringBitmap.andNot(within, candidates));
		}
		return result;
	}

	/**
	 * At least as many as the customers {@link #atLeast} would find (among all): from the window's totals when they are
	 * built for {@code today}, from the window's day bitmaps for a ref or another window of up to {@value #BOUNDED_DAYS}
	 * days; {@link Long#MAX_VALUE} when nothing cheap tells (a threshold of 0 or less, totals not built, longer windows).
	 */
	long atLeastBound(Expr.Metric metric, String kind, String ref, long today, int days, long threshold) {
		if (ref == null && WindowTotals.standard(days)) {
			// the totals answer it; before they are built, building them is the cost, whatever the size
			WindowTotals t = built(metric, kind, days, today);
			return t == null ? Long.MAX_VALUE : t.atLeastBound(threshold);
		}
		if (threshold <= 0) {
			return Long.MAX_VALUE;
		}
		RoaringBitmap kept = metric == Expr.Metric.COUNT && threshold == 1 ? keptUnion(kind, ref, days, today) : null;
		if (kept != null) {
			return kept.getLongCardinality();
		}
		return days > BOUNDED_DAYS ? Long.MAX_VALUE : withEventsBound(kind, ref, today - days + 1);
	}

	/** The ref's id, -1 for any ref (null), or null for a ref no event has. */
	private Integer refIdOf(String ref) {
		return ref == null ? Integer.valueOf(-1) : refIds.get(ref);
	}

	/** True when "at least one event" in the window is a kept union: a look-up. */
	boolean unionKept(String kind, String ref, int days, long today) {
		return keptUnion(kind, ref, days, today) != null;
	}

	/** The kept union for "at least one event" in the window, or null (see {@link WindowUnions}). */
	private RoaringBitmap keptUnion(String kind, String ref, int days, long today) {
		Integer refId = refIdOf(ref);
		return refId == null ? null : unions.get(kind, refId, days, today);
	}

	/**
	 * Windows up to this many days are bounded by their day bitmaps (an AND ranks its items on every evaluation, a
	 * dynamic segment's for every change; a year of days at 20 M is ~100,000 container sizes to add up).
	 */
	static final int BOUNDED_DAYS = 31;

	/**
	 * At least as many as the customers with an event of the kind (about {@code ref} when given) from {@code fromDay}
	 * on: the sum of those days' bitmaps (a customer on two days counts twice). Any count or sum of at least one needs
	 * such an event.
	 */
	private long withEventsBound(String kind, String ref, long fromDay) {
		Integer refId = refIdOf(ref);
		if (refId == null) {
			return 0;
		}
		long n = 0;
		for (Day day : window(kind, fromDay)) {
			RoaringBitmap b = refId < 0 ? day.present : day.byRef.get(refId);
			n += b == null ? 0 : b.getLongCardinality();
		}
		return n;
	}

	/**
	 * True when the window's totals (built for {@code today}) answer "at least {@code threshold}" without a pass: a kept
	 * answer, or the customers with an event for a count of one.
	 */
	boolean kept(Expr.Metric metric, String kind, long today, int days, long threshold) {
		WindowTotals t = built(metric, kind, days, today);
		return t != null && t.kept(threshold);
	}

	/** The window's totals when they are built for {@code today}, else null (nothing is built here). */
	private WindowTotals built(Expr.Metric metric, String kind, int days, long today) {
		if (!WindowTotals.standard(days)) {
			return null;
		}
		synchronized (totals) {
			WindowTotals t = totals.get(key(kind, days, metric != Expr.Metric.COUNT));
			return t != null && t.today == today ? t : null;
		}
	}

	private static String key(String kind, int days, boolean sum) {
		return kind + "/" + days + "/" + sum;
	}

	/**
	 * Rebuilds every window's totals that is not of {@code today} (the engine's worker calls it when the day changes,
	 * so the first query of a day does not pay for it). Caller holds the read lock.
	 */
	void roll(long today) {
		List<WindowTotals> stale;
		synchronized (totals) {
			stale = totals.values().stream().filter(t -> t.today != today).toList();
		}
		for (WindowTotals t : stale) {
			totals(t.kind, t.days, t.sum, today);
		}
	}

	/** The totals of the window as of {@code today}, built now if missing or of another day. */
	private WindowTotals totals(String kind, int days, boolean sum, long today) {
		String key = key(kind, days, sum);
		synchronized (totals) {
			WindowTotals t = totals.get(key);
			if (t != null && t.today == today) {
				return t;
			}
			RoaringBitmap candidates = new RoaringBitmap();
			List<Day> days_ = window(kind, today - days + 1);
			if (!days_.isEmpty()) {
				candidates = FastAggregation.or(days_.stream().map(d -> d.present).toArray(RoaringBitmap[]::new));
			}
			Scan scan = new Scan(candidates);
			for (Day day : days_) {
				scan.add(day, -1, !sum);
			}
			t = scan.totals(kind, days, sum, today);
			totals.put(key, t);
			return t;
		}
	}

	/** Per-candidate totals of a pass over events. */
	private static final class Scan {

		final RoaringBitmap candidates;

		final Slots slots;

		final long[] sums;

		Scan(RoaringBitmap candidates) {
			this.candidates = candidates;
			this.slots = new Slots(candidates);
			this.sums = new long[candidates.getCardinality()];
		}

		void add(Day day, int refId, boolean count) {
			int[] ords = day.ords;
			int[] refs = day.refs;
			long[] amounts = day.amounts;
			for (int i = 0; i < day.size; i++) {
				if (refId >= 0 && refs[i] != refId) {
					continue;
				}
				int slot = slots.of(ords[i]);
				if (slot >= 0) {
					sums[slot] += count ? 1 : amounts[i];
				}
			}
		}

		RoaringBitmap atLeast(long threshold) {
			int[] matched = new int[sums.length];
			int n = 0;
			IntIterator it = candidates.getIntIterator();
			int slot = 0;
			while (it.hasNext()) {
				int ord = it.next();
				if (sums[slot++] >= threshold) {
					matched[n++] = ord;
				}
			}
			RoaringBitmap result = new RoaringBitmap();
			result.addN(matched, 0, n);
			return result;
		}

		WindowTotals totals(String kind, int days, boolean sum, long today) {
			return WindowTotals.of(kind, days, sum, today, candidates.toArray(), sums, sums.length);
		}
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
		long total = refIds.size() * 64L + unions.bytes();
		synchronized (totals) {
			for (WindowTotals t : totals.values()) {
				total += t.bytes();
			}
		}
		for (Map<Integer, Day> byDay : kinds.values()) {
			for (Day d : byDay.values()) {
				total += d.present.getSizeInBytes() + d.ords.length * 16L;
				for (RoaringBitmap b : d.byRef.values()) {
					total += b.getSizeInBytes() + 48;
				}
			}
		}
		return total;
	}

	void optimize() {
		kinds.values().forEach(byDay -> byDay.values().forEach(d -> {
			d.present.runOptimize();
			d.byRef.values().forEach(RoaringBitmap::runOptimize);
		}));
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

		/** The slot of a candidate (its rank − 1), or -1 when it is not one. */
		int of(int ord) {
			int w = ord >>> 6;
			if (w >= words.length || (words[w] & 1L << ord) == 0) {
				return -1;
			}
			return before[w] + Long.bitCount(words[w] & ((1L << ord) - 1));
		}
	}

	private static final class Day {

		final RoaringBitmap present = new RoaringBitmap();

		final Map<Integer, RoaringBitmap> byRef = new HashMap<>();

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
			if (ref >= 0) {
				byRef.computeIfAbsent(ref, r -> new RoaringBitmap()).add(ord);
			}
		}
	}
}
