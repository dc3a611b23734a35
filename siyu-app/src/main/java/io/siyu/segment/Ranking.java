package io.siyu.segment;

import static io.siyu.segment.Evaluator.EMPTY;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.roaringbitmap.RoaringBitmap;

/**
 * The order an AND runs its items in: each later item only looks at the candidates the earlier ones left
 * ({@link Evaluator}), so an item's place weighs its cost against how many it takes out ({@link #order}). Ranks are
 * worked out once per item (a sort's comparisons would ask for them again and again); over few candidates by cost
 * alone, since every item is cheap over them and sizes would cost every evaluation of a dynamic segment for a change a
 * look into the window's days (W2: churn p50 9.7 → 36 ms at 1 M).
 */
final class Ranking {

	private final CorpIndex index;

	private final long today;

	Ranking(CorpIndex index, long today) {
		this.index = index;
		this.today = today;
	}

	/**
	 * The items in the order to run them: {@code few} candidates by cost alone; more by cost for each customer an item
	 * takes out, {@link #weight} ÷ (1 − its share of the corp), the order that does the least work when each item's cost
	 * follows the candidates it is given (a cheap look-up that leaves 97 % runs after a range that leaves 4 %). Items
	 * that leave (about) everyone count as taking out 1/{@value #LEAST_OUT}.
	 */
	List<Expr> order(List<Expr> items, boolean few) {
		if (few) {
			return items.stream().map(i -> new Ranked(i, cost(i, true))).sorted(Comparator.comparingDouble(Ranked::key))
				.map(Ranked::item).toList();
		}
		double all = Math.max(1, index.alive.getLongCardinality());
		return items.stream()
			.map(i -> new Ranked(i, weight(cost(i)) / Math.max(1 - size(i) / all, 1.0 / LEAST_OUT)))
			.sorted(Comparator.comparingDouble(Ranked::key)).map(Ranked::item).toList();
	}

	static final int LEAST_OUT = 64;

	/** The work for each candidate of a cost rank: a bitmap look-up 1, doubling with each rank. */
	static double weight(int cost) {
		return Math.scalb(1.0, cost);
	}

	private record Ranked(Expr item, double key) {
	}

	/**
	 * A rough cost rank, cheapest first: bitmap look-ups (and thresholds over window totals whose answer is kept or
	 * that few reach, {@link #leavesFew}, and unions of day bitmaps that are kept or whose sum is that small), then
	 * bit-sliced ranges and per-ref day bitmaps, then window totals, then passes over events and other segments.
	 */
	int cost(Expr e) {
		return cost(e, false);
	}

	/** As {@link #cost(Expr)}; {@code withoutSizes} leaves out the ranks that need an item's size. */
	private int cost(Expr e, boolean withoutSizes) {
		if (e instanceof Expr.And and) {
			return and.items().stream().mapToInt(i -> cost(i, withoutSizes)).max().orElse(0);
		}
		if (e instanceof Expr.Or or) {
			return or.items().stream().mapToInt(i -> cost(i, withoutSizes)).max().orElse(0);
		}
		if (e instanceof Expr.Not not) {
			return cost(not.item(), withoutSizes);
		}
		if (e instanceof Expr.Tags t) {
			return t.match() == Expr.Match.NONE ? 1 : 0;
		}
		if (e instanceof Expr.AddedWithin w && index.addedWindows.kept(w.days(), today)) {
			// a kept window: a look-up
			return 0;
		}
		if (e instanceof Expr.Added || e instanceof Expr.AddedWithin || e instanceof Expr.FieldCompare) {
			return 2;
		}
		if (e instanceof Expr.Behaviour b) {
			if (b.ref() == null && WindowTotals.standard(b.days())) {
				// a kept answer is a bitmap look-up; a high threshold over the totals ("spent ≥ 50,000") costs about
				// the few it finds, and leaves few
				return kept(b) || !withoutSizes && leavesFew(b) ? 0 : 3;
			}
			if (b.metric() == Expr.Metric.COUNT && b.value() <= 1) {
				// a union of the window's day bitmaps ("clicked L1 in 7 days"): a look-up when kept; else it costs
				// about the few it finds when their sum is small, and leaves few
				boolean union = b.cmp() == Expr.Cmp.GE && b.value() == 1 || b.cmp() == Expr.Cmp.GT && b.value() == 0;
				return union && (index.behaviour.unionKept(b.kind(), b.ref(), b.days(), today) || !withoutSizes
						&& leavesFew(b)) ? 0 : 2;
			}
			return 5;
		}
		if (e instanceof Expr.Rfm) {
			return 3;
		}
		if (e instanceof Expr.InSegment) {
			return 6;
		}
		return 0;
	}

	/** At most 1/{@value Evaluator#FEW_FOR_INTERSECTION} of the corp can match. */
	private boolean leavesFew(Expr e) {
		return size(e) * Evaluator.FEW_FOR_INTERSECTION <= index.alive.getLongCardinality();
	}

	/** True when the window's totals hold the answers the comparison asks for ("at least" one or two thresholds). */
	private boolean kept(Expr.Behaviour b) {
		long v = b.value();
		if (v == Long.MAX_VALUE) {
			return false;
		}
		return switch (b.cmp()) {
			case GE, LT -> kept(b, v);
			case GT, LE -> kept(b, v + 1);
			case EQ -> kept(b, v) && kept(b, v + 1);
		};
	}

	private boolean kept(Expr.Behaviour b, long threshold) {
		return index.behaviour.kept(b.metric(), b.kind(), today, b.days(), threshold);
	}

	/**
	 * How many customers a bitmap look-up matches (the sum of its bitmaps, an upper bound), or a behaviour threshold at
	 * most (see {@link BehaviourIndex#atLeastBound}), a range over ordered values about (from a sample, {@link
	 * BitSlicedIndex#estimate}), an OR the sum of its items' and an AND the least of them; the live count where nothing
	 * cheap tells.
	 */
	long size(Expr e) {
		long all = index.alive.getLongCardinality();
		if (e instanceof Expr.Not not) {
			return complement(size(not.item()), all);
		}
		if (e instanceof Expr.And and) {
			long[] days = AddedRanges.of(and, today);
			return days != null ? index.added.estimate(days[0], days[1])
					: and.items().stream().mapToLong(this::size).min().orElse(all);
		}
		if (e instanceof Expr.Or or) {
			return Math.min(all, or.items().stream().mapToLong(this::size).sum());
		}
		if (e instanceof Expr.Tags t) {
			List<Long> sizes = t.tagIds().stream().map(id -> index.tags.getOrDefault(id, EMPTY).getLongCardinality()).toList();
			return switch (t.match()) {
				case ANY -> Math.min(all, sizes.stream().mapToLong(Long::longValue).sum());
				case ALL -> sizes.stream().mapToLong(Long::longValue).min().orElse(all);
				case NONE -> Math.max(0, all - sizes.stream().mapToLong(Long::longValue).max().orElse(0));
			};
		}
		if (e instanceof Expr.Gender g) {
			return Math.min(all, g.values().stream().mapToLong(v -> index.gender[v].getLongCardinality()).sum());
		}
		if (e instanceof Expr.StageIn st) {
			return sum(st.stages(), index.stages, all);
		}
		if (e instanceof Expr.Channel c) {
			return sum(c.states(), index.channels, all);
		}
		if (e instanceof Expr.StaffIn st) {
			return sum(st.staffIds(), index.staffActive, all);
		}
		if (e instanceof Expr.FieldIn f) {
			return sum(f.values(), index.fieldValues.getOrDefault(f.fieldId(), Map.of()), all);
		}
		if (e instanceof Expr.UnitIn u) {
			return sum(index.unitsUnder(u.unitIds()), index.unitActive, all);
		}
		long[] days = AddedRanges.bounds(e, today);
		if (days != null) {
			return index.added.estimate(days[0], days[1]);
		}
		if (e instanceof Expr.FieldCompare f) {
			BitSlicedIndex bsi = index.fieldOrdered.get(f.fieldId());
			return bsi == null ? 0 : bsi.estimate(f.cmp(), Codes.of(f.value()));
		}
		if (e instanceof Expr.Behaviour b && b.cmp() != Expr.Cmp.EQ && b.value() < Long.MAX_VALUE) {
			// "less than v" leaves those "at least v" does not
			boolean below = b.cmp() == Expr.Cmp.LT || b.cmp() == Expr.Cmp.LE;
			long v = b.cmp() == Expr.Cmp.GT || b.cmp() == Expr.Cmp.LE ? b.value() + 1 : b.value();
			long atLeast = Math.min(all, index.behaviour.atLeastBound(b.metric(), b.kind(), b.ref(), today, b.days(), v));
			return below ? complement(atLeast, all) : atLeast;
		}
		return all;
	}

	/** How many a NOT leaves of {@code all}: unknown (all) when its item's size is. */
	private static long complement(long size, long all) {
		return size >= all ? all : all - size;
	}

	private static <K> long sum(List<K> keys, Map<K, RoaringBitmap> bitmaps, long all) {
		return Math.min(all, keys.stream().mapToLong(k -> bitmaps.getOrDefault(k, EMPTY).getLongCardinality()).sum());
	}
}
