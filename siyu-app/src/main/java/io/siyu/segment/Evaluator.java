package io.siyu.segment;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;

import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * Evaluates a checked condition over a corp's indexes (caller holds the read lock). Every comparison reduces to
 * "at least" primitives and set algebra over the corp's live customers, so NOT is exact complement.
 */
final class Evaluator {

	private final CorpIndex index;

	private final long today;

	private final String orderKind;

	private final LongFunction<RoaringBitmap> segments;

	Evaluator(CorpIndex index, LocalDate today, String orderKind, LongFunction<RoaringBitmap> segments) {
		this.index = index;
		this.today = today.toEpochDay();
		this.orderKind = orderKind;
		this.segments = segments;
	}

	/** The customers matching, always a new bitmap within the live customers. */
	RoaringBitmap evaluate(Expr e) {
		RoaringBitmap r = eval(e);
		return r == index.alive ? index.alive.clone() : RoaringBitmap.and(r, index.alive);
	}

	/** The number of matching customers among {@code within}, without building the result where it can be avoided. */
	long count(Expr e, RoaringBitmap within) {
		if (e instanceof Expr.Not not) {
			RoaringBitmap live = RoaringBitmap.and(within, index.alive);
			return live.getCardinality() - RoaringBitmap.andCardinality(live, eval(not.item()));
		}
		if (e instanceof Expr.And and && and.items().size() > 1) {
			RoaringBitmap rest = eval(new Expr.And(and.items().subList(1, and.items().size())));
			RoaringBitmap first = eval(and.items().get(0));
			return RoaringBitmap.andCardinality(RoaringBitmap.and(first, rest), RoaringBitmap.and(within, index.alive));
		}
		return RoaringBitmap.andCardinality(eval(e), RoaringBitmap.and(within, index.alive));
	}

	/** May return an index's own bitmap: never modify the result. */
	private RoaringBitmap eval(Expr e) {
		if (e instanceof Expr.And and) {
			List<RoaringBitmap> parts = new ArrayList<>();
			List<Expr> negated = new ArrayList<>();
			for (Expr item : and.items()) {
				if (item instanceof Expr.Not not) {
					negated.add(not.item());
				}
				else {
					parts.add(eval(item));
				}
			}
			RoaringBitmap r = parts.isEmpty() ? index.alive.clone()
					: parts.size() == 1 ? parts.get(0).clone() : FastAggregation.and(parts.toArray(RoaringBitmap[]::new));
			for (Expr n : negated) {
				r.andNot(eval(n));
			}
			return r;
		}
		if (e instanceof Expr.Or or) {
			return FastAggregation.or(or.items().stream().map(this::eval).toArray(RoaringBitmap[]::new));
		}
		if (e instanceof Expr.Not not) {
			return RoaringBitmap.andNot(index.alive, eval(not.item()));
		}
		if (e instanceof Expr.Tags t) {
			List<RoaringBitmap> bitmaps = t.tagIds().stream().map(id -> index.tags.getOrDefault(id, EMPTY)).toList();
			RoaringBitmap[] array = bitmaps.toArray(RoaringBitmap[]::new);
			return switch (t.match()) {
				case ANY -> FastAggregation.or(array);
				case ALL -> FastAggregation.and(array);
				case NONE -> RoaringBitmap.andNot(index.alive, FastAggregation.or(array));
			};
		}
		if (e instanceof Expr.Gender g) {
			return FastAggregation.or(g.values().stream().map(v -> index.gender[v]).toArray(RoaringBitmap[]::new));
		}
		if (e instanceof Expr.StageIn s) {
			return any(s.stages(), index.stages);
		}
		if (e instanceof Expr.Channel c) {
			return any(c.states(), index.channels);
		}
		if (e instanceof Expr.Added a) {
			return index.added.compare(a.cmp(), Codes.day(a.date()));
		}
		if (e instanceof Expr.AddedWithin a) {
			return index.added.compare(Expr.Cmp.GE, Codes.day(today - a.days() + 1));
		}
		if (e instanceof Expr.StaffIn s) {
			return any(s.staffIds(), index.staffActive);
		}
		if (e instanceof Expr.UnitIn u) {
			return any(subtree(u.unitIds()), index.unitActive);
		}
		if (e instanceof Expr.FieldIn f) {
			return any(f.values(), index.fieldValues.getOrDefault(f.fieldId(), Map.of()));
		}
		if (e instanceof Expr.FieldCompare f) {
			BitSlicedIndex bsi = index.fieldOrdered.get(f.fieldId());
			if (bsi == null) {
				return EMPTY;
			}
			long code = f.value().matches("\\d{4}-\\d{2}-\\d{2}") ? Codes.day(LocalDate.parse(f.value()))
					: Codes.number(new BigDecimal(f.value()));
			return bsi.compare(f.cmp(), code);
		}
		if (e instanceof Expr.Behaviour b) {
			return compare(b.cmp(), b.value(), v -> index.behaviour.atLeast(b.metric(), b.kind(), b.ref(),
					today - b.days() + 1, v, index.alive));
		}
		if (e instanceof Expr.Rfm r) {
			return compare(r.cmp(), r.score(), s -> s <= 0 ? index.alive
					: s > 5 ? EMPTY : eval(Rfm.atLeast(r.dim(), (int) s, orderKind)));
		}
		Expr.InSegment s = (Expr.InSegment) e;
		return segments.apply(s.segmentId());
	}

	/** Any comparison from the monotone primitive "value ≥ v" over the live customers. */
	private RoaringBitmap compare(Expr.Cmp cmp, long v, LongFunction<RoaringBitmap> atLeast) {
		return switch (cmp) {
			case GE -> atLeast.apply(v);
			case GT -> atLeast.apply(v + 1);
			case LT -> RoaringBitmap.andNot(index.alive, atLeast.apply(v));
			case LE -> RoaringBitmap.andNot(index.alive, atLeast.apply(v + 1));
			case EQ -> RoaringBitmap.andNot(atLeast.apply(v), atLeast.apply(v + 1));
		};
	}

	/** The units and every unit below them. */
	List<Long> subtree(List<Long> roots) {
		Map<Long, String> paths = index.unitPaths;
		List<Long> all = new ArrayList<>();
		for (Long root : roots) {
			String prefix = paths.get(root);
			if (prefix == null) {
				all.add(root);
				continue;
			}
			paths.forEach((id, path) -> {
				if (path.startsWith(prefix)) {
					all.add(id);
				}
			});
		}
		return all;
	}

	private static <K> RoaringBitmap any(List<K> keys, Map<K, RoaringBitmap> bitmaps) {
		RoaringBitmap[] array = keys.stream().map(k -> bitmaps.getOrDefault(k, EMPTY)).toArray(RoaringBitmap[]::new);
		return array.length == 1 ? array[0] : FastAggregation.or(array);
	}

	static final RoaringBitmap EMPTY = new RoaringBitmap();

}
