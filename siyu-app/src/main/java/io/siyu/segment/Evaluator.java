package io.siyu.segment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * Evaluates a checked condition over a corp's indexes (caller holds the read lock). Every comparison reduces to
 * "at least" primitives and set algebra over the corp's live customers, so NOT is exact complement.
 * <p>
 * With an executor, a large candidate set is cut into parts of whole 64K-ordinal chunks, one per core, each evaluated
 * on its own thread by an evaluator restricted to that ordinal range (its unions of index bitmaps read only that range;
 * a range query over the frozen values reads only the part's chunks), and the parts' answers added up. The caller's
 * read lock covers the helpers: it waits for them before it returns.
 */
final class Evaluator {

	/** Candidate sets smaller than this are evaluated on the caller's thread alone. */
	static final int PARALLEL_FROM = 1 << 20;

	private final CorpIndex index;

	private final long today;

	private final String orderKind;

	private final SegmentLookup segments;

	private final Executor executor;

	/** The order an AND runs its items in. */
	final Ranking ranking;

	/** Conditions on the added day. */
	private final AddedDays addedDays;

	private final int parallelism;

	private final long parallelFrom;

	/** The ordinal range this evaluator reads, [rangeStart, rangeEnd): the whole space unless it evaluates a part. */
	private final long rangeStart;

	private final long rangeEnd;

	/** Members of a saved segment; those among {@code within} are exact, others may be missing or extra. */
	@FunctionalInterface
	interface SegmentLookup {

		RoaringBitmap members(long segmentId, RoaringBitmap within);

	}

	/** A sequential evaluator. */
	Evaluator(CorpIndex index, LocalDate today, String orderKind, SegmentLookup segments) {
		this(index, today.toEpochDay(), orderKind, segments, null, 1, PARALLEL_FROM, 0, 1L << 32);
	}

	/** An evaluator that uses {@code parallelism} threads (the caller's and the executor's) for large sets. */
	Evaluator(CorpIndex index, LocalDate today, String orderKind, SegmentLookup segments, Executor executor,
			int parallelism) {
		this(index, today.toEpochDay(), orderKind, segments, executor, parallelism, PARALLEL_FROM, 0, 1L << 32);
	}

	/** As above, splitting sets from {@code parallelFrom} candidates on (tests split small sets). */
	Evaluator(CorpIndex index, LocalDate today, String orderKind, SegmentLookup segments, Executor executor,
			int parallelism, long parallelFrom) {
		this(index, today.toEpochDay(), orderKind, segments, executor, parallelism, parallelFrom, 0, 1L << 32);
	}

	private Evaluator(CorpIndex index, long today, String orderKind, SegmentLookup segments, Executor executor,
			int parallelism, long parallelFrom, long rangeStart, long rangeEnd) {
		this.index = index;
		this.today = today;
		this.orderKind = orderKind;
		this.segments = segments;
		this.executor = executor;
		this.parallelism = executor == null ? 1 : Math.max(1, parallelism);
		this.parallelFrom = parallelFrom;
		this.rangeStart = rangeStart;
		this.rangeEnd = rangeEnd;
		this.ranking = new Ranking(index, today);
		this.addedDays = new AddedDays(index, today);
	}

	/** The customers matching, always a new bitmap within the live customers. */
	RoaringBitmap evaluate(Expr e) {
		return evaluate(e, index.alive);
	}

	/** The customers matching among {@code within}, a new bitmap within the live customers. */
	RoaringBitmap evaluate(Expr e, RoaringBitmap within) {
		RoaringBitmap live = live(within);
		List<RoaringBitmap> parts = inParts(live, (part, evaluator) -> Intersections.and(evaluator.eval(e, part), part));
		return parts.size() == 1 ? parts.get(0) : FastAggregation.or(parts.toArray(RoaringBitmap[]::new));
	}

	/** The number of matching customers among {@code within}, without building the result where it can be avoided. */
	long count(Expr e, RoaringBitmap within) {
		RoaringBitmap live = live(within);
		return inParts(live, (part, evaluator) -> evaluator.countIn(e, part)).stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * The number matching among {@code within}: an AND's last item (or a condition alone) is counted against the
	 * candidates left, not built.
	 */
	private long countIn(Expr e, RoaringBitmap within) {
		List<Expr> items = e instanceof Expr.And and && !and.items().isEmpty() ? ordered(and, within) : List.of(e);
		RoaringBitmap r = candidates(items, items.size() - 1, within);
		if (r.isEmpty()) {
			return 0;
		}
		Expr last = items.get(items.size() - 1);
		boolean not = last instanceof Expr.Not;
		Expr item = not ? ((Expr.Not) last).item() : last;
		long[] days = item instanceof Expr.And a ? AddedRanges.of(a, today) : AddedRanges.bounds(item, today);
		long matched = days != null ? addedDays.count(days, r) : Intersections.andCardinality(r, eval(item, r));
		return not ? r.getLongCardinality() - matched : matched;
	}

	/** The live customers among {@code within}: the index's own bitmap for the whole corp (not copied, only read). */
	private RoaringBitmap live(RoaringBitmap within) {
		return within == index.alive ? within : RoaringBitmap.and(within, index.alive);
	}

	/** What a part computes: its candidates and an evaluator restricted to its range. */
	@FunctionalInterface
	private interface PartWork<T> {

		T apply(RoaringBitmap part, Evaluator evaluator);

	}

	/**
	 * The work done over {@code live} whole on this thread, or (for {@code parallelFrom} candidates or more, or fewer
	 * that read whole index bitmaps in a large corp: {@link #wholeUnions}) over parts of whole chunks with about as many
	 * candidates each. The parts are taken in turn by this thread and by the executor's, whichever comes first, so a
	 * helper the machine did not run in time (both cores busy with something else) costs its part's time on this thread,
	 * not an unbounded wait. This thread waits only for parts a helper took; a helper that starts after the last part
	 * was taken reads nothing. The last part ends with the last
	 * candidate's chunk, not at 2^32: RoaringBitmap cuts a range out of a bitmap key by key, two look-ups per possible
	 * key, so a range to 2^32 cost the last part ~65,000 look-ups per bitmap it read (a union of three tags over half of
	 * 20 M customers: 4× the union itself), and building its candidates ~65,000 run containers.
	 */
	private <T> List<T> inParts(RoaringBitmap live, PartWork<T> work) {
		long n = live.getLongCardinality();
		if (parallelism == 1 || n == 0 || n < parallelFrom && !wholeUnions(n)) {
			return List.of(work.apply(live, this));
		}
		long[] bounds = new long[parallelism + 1];
		bounds[parallelism] = ((Integer.toUnsignedLong(live.last()) >>> 16) + 1) << 16;
		for (int i = 1; i < parallelism; i++) {
			bounds[i] = Math.max(bounds[i - 1], Integer.toUnsignedLong(live.select((int) (n * i / parallelism))) & ~0xFFFFL);
		}
		List<CompletableFuture<T>> results = new ArrayList<>();
		for (int i = 0; i < parallelism; i++) {
			results.add(new CompletableFuture<>());
		}
		AtomicInteger next = new AtomicInteger();
		Runnable take = () -> {
			for (int i = next.getAndIncrement(); i < parallelism; i = next.getAndIncrement()) {
				try {
					results.get(i).complete(part(live, bounds[i], bounds[i + 1], work).get());
				}
				catch (RuntimeException | Error ex) {
					results.get(i).completeExceptionally(ex);
				}
			}
		};
		for (int i = 1; i < parallelism; i++) {
			executor.execute(take);
		}
		// the read lock must outlive every part taken, also when one failed: wait for all before throwing
		take.run();
		List<T> answers = new ArrayList<>();
		RuntimeException failed = null;
		for (CompletableFuture<T> f : results) {
			try {
				answers.add(f.join());
			}
			catch (CompletionException ex) {
				if (failed == null) {
					failed = ex.getCause() instanceof RuntimeException r ? r : ex;
				}
			}
		}
		if (failed != null) {
			throw failed;
		}
		return answers;
	}

	/**
	 * True when {@code n} candidates in a corp of at least {@code parallelFrom} read whole index bitmaps (their unions
	 * take only the candidates' part under 1/{@value #FEW_FOR_UNION} of the corp): a store's customers in a corp of
	 * 20 M cost about what the whole corp does, so they are split too.
	 */
	private boolean wholeUnions(long n) {
		long all = index.alive.getLongCardinality();
		return all >= parallelFrom && n * FEW_FOR_UNION > all;
	}

	private <T> Supplier<T> part(RoaringBitmap live, long start, long end, PartWork<T> work) {
		return () -> {
			RoaringBitmap part = RoaringBitmap.and(live, RoaringBitmap.bitmapOfRange(start, end));
			return work.apply(part, new Evaluator(index, today, orderKind, segments, null, 1, parallelFrom, start, end));
		};
	}

	/**
	 * The customers matching among {@code within} (a subset of the live customers): the result {@code r} has
	 * {@code r ∩ within} = the answer ∩ {@code within}; it may hold others and may be an index's own bitmap, so callers
	 * intersect it with {@code within} and never modify it. Narrowing {@code within} is what makes an AND cheap: its
	 * items run cheapest first and each later one only looks at the candidates left (see {@link Ranking}).
	 */
	private RoaringBitmap eval(Expr e, RoaringBitmap within) {
		if (e instanceof Expr.And and) {
			long[] days = AddedRanges.of(and, today);
			if (days != null) {
				return addedDays.among(days, within);
			}
			List<Expr> items = ordered(and, within);
			return candidates(items, items.size(), within);
		}
		if (e instanceof Expr.Or or) {
			RoaringBitmap[] items = or.items().stream().distinct().map(i -> eval(i, within)).toArray(RoaringBitmap[]::new);
			return Unions.or(items, rangeStart, rangeEnd);
		}
		if (e instanceof Expr.Not not) {
			return Intersections.andNot(within, eval(not.item(), within));
		}
		if (e instanceof Expr.Tags t) {
			List<RoaringBitmap> bitmaps = t.tagIds().stream().map(id -> index.tags.getOrDefault(id, EMPTY)).toList();
			RoaringBitmap[] array = bitmaps.toArray(RoaringBitmap[]::new);
			return switch (t.match()) {
				case ANY -> or(array, within);
				case ALL -> and(array, within);
				case NONE -> Intersections.andNot(within, or(array, within));
			};
		}
		if (e instanceof Expr.Gender g) {
			return or(g.values().stream().map(v -> index.gender[v]).toArray(RoaringBitmap[]::new), within);
		}
		if (e instanceof Expr.StageIn s) {
			return any(s.stages(), index.stages, within);
		}
		if (e instanceof Expr.Channel c) {
			return any(c.states(), index.channels, within);
		}
		if (e instanceof Expr.Added || e instanceof Expr.AddedWithin) {
			return addedDays.among(AddedRanges.bounds(e, today), within);
		}
		if (e instanceof Expr.StaffIn s) {
			return any(s.staffIds(), index.staffActive, within);
		}
		if (e instanceof Expr.UnitIn u) {
			return any(index.unitsUnder(u.unitIds()), index.unitActive, within);
		}
		if (e instanceof Expr.FieldIn f) {
			return any(f.values(), index.fieldValues.getOrDefault(f.fieldId(), Map.of()), within);
		}
		if (e instanceof Expr.FieldCompare f) {
			BitSlicedIndex bsi = index.fieldOrdered.get(f.fieldId());
			if (bsi == null) {
				return EMPTY;
			}
			return bsi.compare(f.cmp(), Codes.of(f.value()), within);
		}
		if (e instanceof Expr.Behaviour b) {
			return compare(b.cmp(), b.value(), within, v -> index.behaviour.atLeast(b.metric(), b.kind(), b.ref(), today,
					b.days(), v, within));
		}
		if (e instanceof Expr.Rfm r) {
			return compare(r.cmp(), r.score(), within, s -> s <= 0 ? within
					: s > 5 ? EMPTY : eval(Rfm.atLeast(r.dim(), (int) s, orderKind), within));
		}
		Expr.InSegment s = (Expr.InSegment) e;
		return segments.members(s.segmentId(), within);
	}

	/**
	 * An AND's items in the order they run among {@code within}, ranked ({@link Ranking}): over more than few candidates
	 * each once (a condition given twice is run once) and its conditions on the added day as one range
	 * ({@link AddedRanges}).
	 */
	private List<Expr> ordered(Expr.And and, RoaringBitmap within) {
		boolean few = few(within, FEW_FOR_UNION);
		// over few candidates (a dynamic segment's AND for each change, 500 of them) every item is cheap: the items as
		// given, without the passes that put them together
		List<Expr> items = few ? and.items() : AddedRanges.fold(and.items().stream().distinct().toList(), today);
		return ranking.order(items, few);
	}

	/**
	 * The candidates among {@code within} that match the first {@code n} items of an AND, run in turn: the first builds
	 * a new bitmap, the others narrow it in place (no new containers for each step).
	 */
	private RoaringBitmap candidates(List<Expr> items, int n, RoaringBitmap within) {
		RoaringBitmap r = within;
		for (int i = 0; i < n && !r.isEmpty(); i++) {
			r = i == 0 ? step(items.get(i), r) : narrow(items.get(i), r);
		}
		return r;
	}

	/** As {@link #step}, narrowing {@code r} itself: a bitmap the AND built, whose containers are its own. */
	private RoaringBitmap narrow(Expr item, RoaringBitmap r) {
		boolean not = item instanceof Expr.Not;
		return Intersections.narrow(r, eval(not ? ((Expr.Not) item).item() : item, r), not);
	}

	/** The candidates {@code r} that also match one item of an AND (a NOT subtracts what its item matches). */
	private RoaringBitmap step(Expr item, RoaringBitmap r) {
		return item instanceof Expr.Not not ? Intersections.andNot(r, eval(not.item(), r)) : Intersections.and(r, eval(item, r));
	}

	/** One step of an AND as it ran: its item, the candidates before and after it, and its time. */
	record Step(Expr item, long candidates, long left, long nanos) {
	}

	/**
	 * The steps of {@code e} (an AND's items in the order they run; anything else is one step) among {@code within}, on
	 * this thread over the whole ordinal range: where a query's time goes, and how much each condition narrows.
	 */
	List<Step> explain(Expr e, RoaringBitmap within) {
		RoaringBitmap r = live(within);
		List<Expr> items = e instanceof Expr.And and ? ordered(and, r) : List.of(e);
		List<Step> steps = new ArrayList<>();
		for (Expr item : items) {
			long started = System.nanoTime();
			RoaringBitmap next = step(item, r);
			steps.add(new Step(item, r.getLongCardinality(), next.getLongCardinality(), System.nanoTime() - started));
			r = next;
		}
		return steps;
	}

	/** Any comparison from the monotone primitive "value ≥ v", exact within {@code within}. */
	private static RoaringBitmap compare(Expr.Cmp cmp, long v, RoaringBitmap within, LongFunction<RoaringBitmap> atLeast) {
		return switch (cmp) {
			case GE -> atLeast.apply(v);
			case GT -> atLeast.apply(v + 1);
			case LT -> Intersections.andNot(within, atLeast.apply(v));
			case LE -> Intersections.andNot(within, atLeast.apply(v + 1));
			case EQ -> Intersections.andNot(atLeast.apply(v), atLeast.apply(v + 1));
		};
	}

	private <K> RoaringBitmap any(List<K> keys, Map<K, RoaringBitmap> bitmaps, RoaringBitmap within) {
		return or(keys.stream().map(k -> bitmaps.getOrDefault(k, EMPTY)).toArray(RoaringBitmap[]::new), within);
	}

	/**
	 * The union of index bitmaps, within this evaluator's range (callers intersect it with their candidates). For few
	 * candidates (a dynamic segment re-evaluated for the customers a change touched, the later items of an AND) only
	 * the candidates' part of each bitmap is united: a whole-corp union would cost the corp's size, not theirs. Alone,
	 * whole-bitmap unions win from about 1/1,024 of the corp on (FewCandidatesBench), but in the engine (unions over a
	 * part's range, W1 at 5 M) moving the threshold there from 1/{@value #FEW_FOR_UNION} made counts slower. Whole
	 * bitmaps are united chunk by chunk over the range ({@link Unions}).
	 */
	private RoaringBitmap or(RoaringBitmap[] array, RoaringBitmap within) {
		if (array.length == 0) {
			return new RoaringBitmap();
		}
		if (array.length == 1) {
			return array[0];
		}
		if (few(within, FEW_FOR_UNION)) {
			RoaringBitmap r = new RoaringBitmap();
			for (RoaringBitmap b : array) {
				r.or(Intersections.and(within, b));
			}
			return r;
		}
		return Unions.or(array, rangeStart, rangeEnd);
	}

	/**
	 * The intersection of index bitmaps, within this evaluator's range: for candidates under 1/{@value
	 * #FEW_FOR_INTERSECTION} of the corp, the candidates intersected with each bitmap in turn (cheaper than intersecting
	 * the whole bitmaps up to about 1/32).
	 */
	private RoaringBitmap and(RoaringBitmap[] array, RoaringBitmap within) {
		if (array.length == 0) {
			return new RoaringBitmap();
		}
		if (array.length == 1) {
			return array[0];
		}
		if (few(within, FEW_FOR_INTERSECTION)) {
			RoaringBitmap r = within;
			for (RoaringBitmap b : array) {
				r = Intersections.and(r, b);
			}
			return r;
		}
		return whole() ? FastAggregation.and(array) : RoaringBitmap.and(Arrays.asList(array).iterator(), rangeStart, rangeEnd);
	}

	/** Candidates at most 1/{@code share} of the live customers. */
	private boolean few(RoaringBitmap within, long share) {
		return within.getLongCardinality() * share <= index.alive.getLongCardinality();
	}

	static final long FEW_FOR_UNION = 256;

	static final long FEW_FOR_INTERSECTION = 64;

	private boolean whole() {
		return rangeStart == 0 && rangeEnd == 1L << 32;
	}

	static final RoaringBitmap EMPTY = new RoaringBitmap();

}
