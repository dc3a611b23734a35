package io.siyu.segment;

import java.util.ArrayList;
import java.util.List;

/**
 * An AND's conditions on the added day ("added within 30 days", "added before 2025-08-12") run as one range of added
 * days: alone, each reads every slice of the index over its candidates; together, one pass does.
 */
final class AddedRanges {

	private AddedRanges() {
	}

	/** The day codes [lo, hi] a condition keeps, or null when it is not one on the added day. */
	static long[] bounds(Expr e, long today) {
		if (e instanceof Expr.AddedWithin w) {
			return new long[] { Codes.day(today - w.days() + 1), Long.MAX_VALUE };
		}
		if (!(e instanceof Expr.Added a)) {
			return null;
		}
		return BitSlicedIndex.range(a.cmp(), Codes.day(a.date()));
	}

	/** The items, with two or more conditions on the added day put together as one AND of them (read by {@link #of}). */
	static List<Expr> fold(List<Expr> items, long today) {
		List<Expr> days = items.stream().filter(i -> bounds(i, today) != null).toList();
		if (days.size() < 2) {
			return items;
		}
		List<Expr> folded = new ArrayList<>(items.stream().filter(i -> bounds(i, today) == null).toList());
		folded.add(new Expr.And(days));
		return folded;
	}

	/** The day codes [lo, hi] an AND of conditions on the added day keeps, or null when it has others. */
	static long[] of(Expr.And and, long today) {
		long lo = 0, hi = Long.MAX_VALUE;
		for (Expr item : and.items()) {
			long[] b = bounds(item, today);
			if (b == null) {
				return null;
			}
			lo = Math.max(lo, b[0]);
			hi = Math.min(hi, b[1]);
		}
		return and.items().isEmpty() ? null : new long[] { lo, hi };
	}
}
