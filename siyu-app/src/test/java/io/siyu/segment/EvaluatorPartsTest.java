package io.siyu.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * A query cut into parts of the ordinal space, evaluated on several threads by evaluators restricted to their range,
 * gives the same members and counts as one evaluator over the whole (which {@link SegmentEngineSqlTest} holds against
 * SQL), for random conditions over an index that spans several 64K chunks. So does a query over few candidates, whose
 * unions and intersections of index bitmaps take only the candidates' part.
 */
class EvaluatorPartsTest {

	private static final LocalDate TODAY = LocalDate.of(2026, 6, 30);

	private final Random random = new Random(5);

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	@AfterEach
	void stop() {
		pool.shutdownNow();
	}

	@Test
	void partsOnSeveralThreadsAgreeWithOneEvaluatorOverTheWhole() {
		CorpIndex index = index(300_000);
		AtomicInteger helped = new AtomicInteger();
		Evaluator.SegmentLookup noSegments = (id, within) -> new RoaringBitmap();
		Evaluator whole = new Evaluator(index, TODAY, "order_paid", noSegments);
		Evaluator parts = splitting(index, helped, 3, 1000);
		List<Vocabulary.Field> fields = List.of(new Vocabulary.Field(1, "spend", "NUMBER"),
				new Vocabulary.Field(2, "birthday", "DATE"), new Vocabulary.Field(3, "city", "TEXT"));
		ExprGenerator gen = new ExprGenerator(random, longs(1, 40), longs(1, 20), List.of(1L, 2L, 3L),
				List.of("a", "b", "c"), fields, List.of("上海", "北京", "深圳"), List.of("order_paid", "link_clicked"),
				List.of("L1", "L2"), TODAY);
		RoaringBitmap half = new RoaringBitmap();
		index.alive.forEach((int ord) -> {
			if (random.nextBoolean()) {
				half.add(ord);
			}
		});
		int nonEmpty = 0;
		for (int i = 0; i < 300; i++) {
			Expr e = gen.expr(random.nextInt(4));
			String text = SegmentPrinter.print(e, new MapVocabulary());
			RoaringBitmap expected = whole.evaluate(e);
			assertThat(parts.evaluate(e)).as(text).isEqualTo(expected);
			assertThat(parts.count(e, index.alive)).as(text).isEqualTo(expected.getLongCardinality());
			assertThat(parts.count(e, half)).as(text).isEqualTo(whole.count(e, half));
			// counting (the last step counted, complements subtracted) agrees with building the answer
			assertThat(whole.count(e, half)).as(text).isEqualTo(RoaringBitmap.andCardinality(expected, half));
			assertThat(whole.count(e, index.alive)).as(text).isEqualTo(expected.getLongCardinality());
			nonEmpty += expected.isEmpty() ? 0 : 1;
		}
		assertThat(nonEmpty).as("conditions that match someone").isGreaterThan(100);
		assertThat(helped.get()).as("parts handed to helper threads").isGreaterThan(600);
	}

	@Test
	void partsNoHelperHasStartedAreTakenByTheCaller() {
		CorpIndex index = index(300_000);
		Evaluator.SegmentLookup noSegments = (id, within) -> new RoaringBitmap();
		Evaluator whole = new Evaluator(index, TODAY, "order_paid", noSegments);
		// helpers the machine does not run until the query is over: the caller does every part itself, not wait
		List<Runnable> late = new ArrayList<>();
		Evaluator parts = new Evaluator(index, TODAY, "order_paid", noSegments, late::add, 3, 1000);
		Expr e = new Expr.And(List.of(new Expr.Tags(Expr.Match.ANY, List.of(1L, 7L, 30L)),
				new Expr.Not(new Expr.Tags(Expr.Match.ANY, List.of(2L))), new Expr.Gender(List.of(1))));
		RoaringBitmap expected = whole.evaluate(e);
		assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
			assertThat(parts.count(e, index.alive)).isEqualTo(expected.getLongCardinality()).isPositive();
			assertThat(parts.evaluate(e)).isEqualTo(expected);
		});
		assertThat(late).as("two helpers asked for per query").hasSize(4);
		// when they run at last every part is taken: they end at once
		late.forEach(Runnable::run);
		assertThat(parts.evaluate(e)).isEqualTo(expected);
	}

	@Test
	void aStoresShareOfALargeCorpIsSplitTooAndFewerAreNot() {
		CorpIndex index = index(300_000);
		AtomicInteger helped = new AtomicInteger();
		Evaluator.SegmentLookup noSegments = (id, within) -> new RoaringBitmap();
		Evaluator whole = new Evaluator(index, TODAY, "order_paid", noSegments);
		// a "large corp" of 100,000 or more: ~300,000 customers
		Evaluator parts = splitting(index, helped, 2, 100_000);
		Expr e = new Expr.And(List.of(new Expr.Tags(Expr.Match.ANY, List.of(1L, 7L, 30L)),
				new Expr.Tags(Expr.Match.NONE, List.of(2L)), new Expr.Gender(List.of(1))));
		RoaringBitmap store = new RoaringBitmap();
		RoaringBitmap fewer = new RoaringBitmap();
		index.alive.forEach((int ord) -> {
			if (random.nextInt(50) == 0) {
				store.add(ord);
			}
			if (random.nextInt(1000) == 0) {
				fewer.add(ord);
			}
		});
		// 1/50 of the corp reads whole bitmaps: split, though far under 100,000 candidates
		assertThat(parts.count(e, store)).isEqualTo(whole.count(e, store)).isPositive();
		assertThat(parts.evaluate(e, store)).isEqualTo(whole.evaluate(e, store));
		assertThat(helped.get()).isEqualTo(2);
		// 1/1,000 takes only the candidates' part of each bitmap: one thread
		assertThat(parts.count(e, fewer)).isEqualTo(whole.count(e, fewer)).isPositive();
		assertThat(helped.get()).isEqualTo(2);
	}

	@Test
	void fewCandidatesGetTheWholeAnswersPart() {
		CorpIndex index = index(300_000);
		Evaluator evaluator = new Evaluator(index, TODAY, "order_paid", (id, within) -> new RoaringBitmap());
		ExprGenerator gen = new ExprGenerator(random, longs(1, 40), longs(1, 20), List.of(1L, 2L, 3L),
				List.of("a", "b", "c"), List.of(new Vocabulary.Field(1, "spend", "NUMBER"),
						new Vocabulary.Field(3, "city", "TEXT")),
				List.of("上海", "北京", "深圳"), List.of("order_paid", "link_clicked"), List.of("L1", "L2"), TODAY);
		int alive = index.alive.getCardinality();
		// under 1/FEW_FOR_UNION of the corp (both shortcuts), and under 1/FEW_FOR_INTERSECTION only
		int[] sizes = { 1, 7, (int) (alive / Evaluator.FEW_FOR_UNION), (int) (alive / Evaluator.FEW_FOR_INTERSECTION) };
		int nonEmpty = 0;
		for (int i = 0; i < 400; i++) {
			Expr e = gen.expr(random.nextInt(4));
			String text = SegmentPrinter.print(e, new MapVocabulary());
			RoaringBitmap expected = evaluator.evaluate(e);
			RoaringBitmap few = new RoaringBitmap();
			int size = sizes[i % sizes.length];
			while (few.getCardinality() < size) {
				few.add(random.nextInt(300_000));
			}
			RoaringBitmap answer = evaluator.evaluate(e, few);
			assertThat(answer).as(text).isEqualTo(RoaringBitmap.and(expected, few));
			assertThat(evaluator.count(e, few)).as(text).isEqualTo(answer.getLongCardinality());
			nonEmpty += answer.isEmpty() ? 0 : 1;
		}
		assertThat(nonEmpty).as("few-candidate queries that match someone").isGreaterThan(100);
	}

	@Test
	void aHighThresholdOverWindowTotalsRunsFirstInAnAnd() {
		CorpIndex index = index(300_000);
		Evaluator evaluator = new Evaluator(index, TODAY, "order_paid", (id, within) -> new RoaringBitmap());
		Expr high = new Expr.Behaviour(Expr.Metric.SUM, "order_paid", null, Expr.Cmp.GE, 66_000, 365);
		Expr common = new Expr.Behaviour(Expr.Metric.SUM, "order_paid", null, Expr.Cmp.GE, 1000, 365);
		Expr tag = new Expr.Tags(Expr.Match.ANY, List.of(1L));
		long alive = index.alive.getLongCardinality();
		Expr below = new Expr.Behaviour(Expr.Metric.SUM, "order_paid", null, Expr.Cmp.LT, 1000, 365);
		// nothing cheap tells before the window's totals are built, nor about their complements
		assertThat(evaluator.ranking.size(high)).isEqualTo(alive);
		assertThat(evaluator.ranking.size(new Expr.Not(high))).isEqualTo(alive);
		assertThat(evaluator.ranking.size(below)).isEqualTo(alive);
		assertThat(evaluator.ranking.cost(high)).isEqualTo(3);
		long found = evaluator.evaluate(high).getLongCardinality();
		assertThat(found).isPositive();
		assertThat(evaluator.ranking.size(high)).isBetween(found, alive / Evaluator.FEW_FOR_INTERSECTION);
		assertThat(evaluator.ranking.cost(high)).as("a high threshold ranks with bitmap look-ups").isZero();
		assertThat(evaluator.ranking.size(high)).as("and before a common tag").isLessThan(evaluator.ranking.size(tag));
		RoaringBitmap few = RoaringBitmap.bitmapOf(1, 70_000, 140_000, 210_000);
		evaluator.evaluate(common, few);
		assertThat(evaluator.ranking.cost(common)).as("a threshold most customers pass keeps its rank").isEqualTo(3);
		assertThat(evaluator.ranking.size(common)).isGreaterThan(alive / Evaluator.FEW_FOR_INTERSECTION);
		evaluator.evaluate(common);
		assertThat(evaluator.ranking.cost(common)).as("until its answer is kept: then it is a bitmap look-up").isZero();
		// the kept answer's size (it counts customers gone since, so it bounds the live answer)
		assertThat(evaluator.ranking.size(common)).isBetween(evaluator.evaluate(common).getLongCardinality(), alive);
		// and "less than" leaves the others
		long others = evaluator.evaluate(below).getLongCardinality();
		assertThat(others).isPositive();
		assertThat(evaluator.ranking.size(below)).isBetween(others - 2000, others);
		// the order changes no answer
		Expr and = new Expr.And(List.of(tag, common, high));
		RoaringBitmap expected = RoaringBitmap.and(RoaringBitmap.and(evaluator.evaluate(tag), evaluator.evaluate(common)),
				evaluator.evaluate(high));
		assertThat(evaluator.evaluate(and)).isEqualTo(expected);
		assertThat(evaluator.count(and, index.alive)).isEqualTo(expected.getLongCardinality());
	}

	@Test
	void aRareClickRunsFirstInAnAndAndOrsAreBoundedByTheirItems() {
		CorpIndex index = index(300_000);
		Evaluator evaluator = new Evaluator(index, TODAY, "order_paid", (id, within) -> new RoaringBitmap());
		long alive = index.alive.getLongCardinality();
		Expr week = new Expr.Behaviour(Expr.Metric.COUNT, "link_clicked", "L1", Expr.Cmp.GE, 1, 7);
		Expr year = new Expr.Behaviour(Expr.Metric.COUNT, "link_clicked", "L1", Expr.Cmp.GE, 1, 365);
		Expr twice = new Expr.Behaviour(Expr.Metric.COUNT, "link_clicked", "L1", Expr.Cmp.GE, 2, 7);
		Expr tag = new Expr.Tags(Expr.Match.ANY, List.of(1L));
		long found = evaluator.evaluate(week).getLongCardinality();
		assertThat(found).isPositive();
		// the window's day bitmaps bound it: a union of a week's clicks ranks with the bitmap look-ups, before a tag
		assertThat(evaluator.ranking.size(week)).isBetween(found, alive / Evaluator.FEW_FOR_INTERSECTION);
		assertThat(evaluator.ranking.cost(week)).isZero();
		assertThat(evaluator.ranking.size(week)).isLessThan(evaluator.ranking.size(tag));
		// a union that finds many keeps its rank; so does a count of two (a pass over the events), whatever its bound
		assertThat(evaluator.ranking.cost(year)).isEqualTo(2);
		// a year of day bitmaps is not added up on every ranking
		assertThat(evaluator.ranking.size(year)).isEqualTo(alive);
		Expr month = new Expr.Behaviour(Expr.Metric.COUNT, "link_clicked", "L1", Expr.Cmp.GE, 1, BehaviourIndex.BOUNDED_DAYS);
		assertThat(evaluator.ranking.size(month)).isBetween(evaluator.evaluate(month).getLongCardinality(), alive - 1);
		assertThat(evaluator.ranking.cost(twice)).isEqualTo(5);
		assertThat(evaluator.ranking.size(twice)).isBetween(evaluator.evaluate(twice).getLongCardinality(), alive - 1);
		// once asked, "at least once in 7 days" is kept: its size is exact
		assertThat(evaluator.ranking.size(week)).isEqualTo(index.behaviour.atLeast(Expr.Metric.COUNT, "link_clicked", "L1",
				TODAY.toEpochDay(), 7, 1, index.alive).getLongCardinality());
		// one candidate, the first or the last who clicked: found, also by the count
		for (int ord : new int[] { evaluator.evaluate(week).first(), evaluator.evaluate(week).last() }) {
			assertThat(evaluator.evaluate(week, RoaringBitmap.bitmapOf(ord))).isEqualTo(RoaringBitmap.bitmapOf(ord));
			assertThat(evaluator.count(week, RoaringBitmap.bitmapOf(ord, 0))).isEqualTo(1);
		}
		Expr unknown = new Expr.Behaviour(Expr.Metric.COUNT, "link_clicked", "L9", Expr.Cmp.GE, 1, 7);
		assertThat(evaluator.ranking.size(unknown)).isZero();
		// an OR is bounded by the sum of its items, an AND by the least of them
		Expr rare = new Expr.Tags(Expr.Match.ANY, List.of(40L));
		Expr or = new Expr.Or(List.of(week, rare));
		assertThat(evaluator.ranking.size(or)).isEqualTo(evaluator.ranking.size(week) + evaluator.ranking.size(rare)).isLessThan(alive);
		assertThat(evaluator.ranking.size(new Expr.And(List.of(tag, or)))).isEqualTo(evaluator.ranking.size(or));
		// the order changes no answer
		Expr and = new Expr.And(List.of(tag, new Expr.Or(List.of(new Expr.Tags(Expr.Match.ANY, List.of(2L, 3L)), year)), or));
		RoaringBitmap expected = RoaringBitmap.and(evaluator.evaluate(tag), RoaringBitmap.and(
				RoaringBitmap.or(evaluator.evaluate(new Expr.Tags(Expr.Match.ANY, List.of(2L, 3L))), evaluator.evaluate(year)),
				RoaringBitmap.or(evaluator.evaluate(week), evaluator.evaluate(rare))));
		assertThat(expected.isEmpty()).isFalse();
		assertThat(evaluator.evaluate(and)).isEqualTo(expected);
		assertThat(evaluator.count(and, index.alive)).isEqualTo(expected.getLongCardinality());
	}

	@Test
	void aSelectiveRangeRunsBeforeACheapLookUpThatLeavesMostAndAddedDaysRunAsOneRange() {
		CorpIndex index = index(300_000);
		Evaluator evaluator = new Evaluator(index, TODAY, "order_paid", (id, within) -> new RoaringBitmap());
		long alive = index.alive.getLongCardinality();
		// added days are spread over 90 days: "within 3 days" is about 1/30, estimated from the freeze's sample
		Expr recent = new Expr.AddedWithin(3);
		long exact = evaluator.evaluate(recent).getLongCardinality();
		assertThat(evaluator.ranking.size(recent)).isCloseTo(exact, org.assertj.core.data.Offset.offset(alive / 100));
		Expr older = new Expr.Added(Expr.Cmp.LT, TODAY.minusDays(60));
		assertThat(evaluator.ranking.size(older)).isCloseTo(evaluator.evaluate(older).getLongCardinality(),
				org.assertj.core.data.Offset.offset(alive / 100));
		// a unit's size is the sum of its staff's customers, itself and below
		Expr unit = new Expr.UnitIn(List.of(2L));
		assertThat(evaluator.ranking.size(unit)).isBetween(evaluator.evaluate(unit).getLongCardinality(), alive - 1);
		// "not tag 40" is a look-up (cost 1) that leaves nearly everyone; the range (cost 2) takes out 29 in 30: first
		Expr notRare = new Expr.Tags(Expr.Match.NONE, List.of(40L));
		assertThat(evaluator.ranking.order(List.of(notRare, recent), false)).containsExactly(recent, notRare);
		// a common tag that takes out more than half runs before the range still
		Expr common = new Expr.Tags(Expr.Match.ANY, List.of(1L));
		assertThat(evaluator.ranking.size(common)).isLessThan(alive / 2);
		assertThat(evaluator.ranking.order(List.of(recent, common), false)).containsExactly(common, recent);
		// over few candidates, by cost alone
		assertThat(evaluator.ranking.order(List.of(notRare, recent), true)).containsExactly(notRare, recent);

		// two conditions on the added day are one step: one range, [today − 29, today − 10]
		Expr month = new Expr.AddedWithin(30);
		Expr before = new Expr.Added(Expr.Cmp.LT, TODAY.minusDays(9));
		Expr and = new Expr.And(List.of(month, common, before));
		List<Evaluator.Step> steps = evaluator.explain(and, index.alive);
		assertThat(steps).hasSize(2);
		// steps after the first narrow the AND's own bitmap in place, also when an item answers with the candidates
		// themselves (a score of at least 0 is everyone)
		Expr everyone = new Expr.Rfm(Expr.Dim.R, Expr.Cmp.GE, 0);
		long commonCount = evaluator.evaluate(common).getLongCardinality();
		assertThat(evaluator.count(new Expr.And(List.of(common, everyone)), index.alive)).isEqualTo(commonCount);
		assertThat(evaluator.evaluate(new Expr.And(List.of(common, new Expr.Not(everyone))))).isEmpty();
		assertThat(evaluator.evaluate(new Expr.And(List.of(common, new Expr.Not(everyone), recent)))).isEmpty();
		assertThat(evaluator.evaluate(common).getLongCardinality()).as("the index is untouched").isEqualTo(commonCount);
		// a condition given twice runs once
		assertThat(evaluator.explain(new Expr.And(List.of(common, recent, common)), index.alive)).hasSize(2);
		assertThat(steps.stream().map(Evaluator.Step::item)).contains(new Expr.And(List.of(month, before)));
		RoaringBitmap expected = RoaringBitmap.and(RoaringBitmap.and(evaluator.evaluate(month), evaluator.evaluate(before)),
				evaluator.evaluate(common));
		assertThat(expected.isEmpty()).isFalse();
		assertThat(evaluator.evaluate(and)).isEqualTo(expected);
		assertThat(evaluator.count(and, index.alive)).isEqualTo(expected.getLongCardinality());
		// the steps as run: each is given what the one before left, the last leaves the answer
		assertThat(steps.get(0).candidates()).isEqualTo(alive);
		assertThat(steps.get(1).candidates()).isEqualTo(steps.get(0).left());
		assertThat(steps.get(1).left()).isEqualTo(expected.getLongCardinality());
		// the folded range's size is the range's, not the least of its items'
		Expr range = new Expr.And(List.of(month, before));
		assertThat(evaluator.ranking.size(range)).isCloseTo(RoaringBitmap.and(evaluator.evaluate(month),
				evaluator.evaluate(before)).getLongCardinality(), org.assertj.core.data.Offset.offset(alive / 100));
		// contradicting days: nobody
		Expr none = new Expr.And(List.of(new Expr.AddedWithin(5), new Expr.Added(Expr.Cmp.LT, TODAY.minusDays(20)), common));
		assertThat(evaluator.count(none, index.alive)).isZero();
		assertThat(evaluator.ranking.size(new Expr.And(List.of(new Expr.AddedWithin(5),
				new Expr.Added(Expr.Cmp.LT, TODAY.minusDays(20)))))).isZero();
	}

	@Test
	void aKeptAddedWindowFollowsChangesAndIsBuiltAgainOnAnotherDay() {
		CorpIndex index = index(300_000);
		Evaluator evaluator = new Evaluator(index, TODAY, "order_paid", (id, within) -> new RoaringBitmap());
		Expr month = new Expr.AddedWithin(30);
		Expr common = new Expr.Tags(Expr.Match.ANY, List.of(1L));
		assertThat(index.addedWindows.kept(30, TODAY.toEpochDay())).isFalse();
		// asked over the corp: built, and a look-up from then on
		assertThat(evaluator.evaluate(month)).isEqualTo(addedSince(index, TODAY.minusDays(29)));
		assertThat(index.addedWindows.kept(30, TODAY.toEpochDay())).isTrue();
		assertThat(evaluator.ranking.cost(month)).isZero();
		assertThat(evaluator.ranking.cost(new Expr.AddedWithin(7))).isEqualTo(2);
		// changes: a customer new today, one whose added day moves out of the window, one into it, one gone
		int n = index.alive.getCardinality();
		List<CustomerFacts> changes = new ArrayList<>();
		for (long id : new long[] { 300_001, 11, 12, 13 }) {
			CustomerFacts c = new CustomerFacts(id);
			c.gender = 1;
			c.stage = "NEW";
			c.addedDay = id == 11 ? TODAY.minusDays(200) : TODAY.minusDays(id == 12 ? 3 : 0);
			c.tags.add(1L);
			c.merged = id == 13;
			changes.add(c);
		}
		index.putAll(changes);
		assertThat(index.alive.getCardinality()).isBetween(n - 1, n + 1);
		RoaringBitmap expected = addedSince(index, TODAY.minusDays(29));
		assertThat(expected.contains(index.ordinal(300_001))).isTrue();
		assertThat(expected.contains(index.ordinal(11))).isFalse();
		assertThat(evaluator.evaluate(month)).isEqualTo(expected);
		// also over few candidates, and counted as an AND's last step (the window's intersection)
		RoaringBitmap few = RoaringBitmap.bitmapOf(index.ordinal(11), index.ordinal(12), index.ordinal(300_001), 5, 6, 7);
		assertThat(evaluator.evaluate(month, few)).isEqualTo(RoaringBitmap.and(expected, few));
		Expr and = new Expr.And(List.of(common, month));
		RoaringBitmap both = RoaringBitmap.and(evaluator.evaluate(common), expected);
		assertThat(evaluator.count(and, index.alive)).isEqualTo(both.getLongCardinality());
		assertThat(evaluator.count(new Expr.And(List.of(common, new Expr.Not(month))), index.alive))
			.isEqualTo(evaluator.evaluate(common).getLongCardinality() - both.getLongCardinality());
		// the next day: the window moves by a day, built again
		LocalDate tomorrow = TODAY.plusDays(1);
		Evaluator next = new Evaluator(index, tomorrow, "order_paid", (id, within) -> new RoaringBitmap());
		assertThat(index.addedWindows.kept(30, tomorrow.toEpochDay())).isFalse();
		assertThat(next.count(month, index.alive)).isEqualTo(addedSince(index, tomorrow.minusDays(29)).getLongCardinality());
		assertThat(next.evaluate(month)).isEqualTo(addedSince(index, tomorrow.minusDays(29)));
		assertThat(index.addedWindows.kept(30, tomorrow.toEpochDay())).isTrue();
		// the day after, the engine's worker rolls it before anyone asks
		LocalDate later = TODAY.plusDays(2);
		index.roll(later.toEpochDay());
		assertThat(index.addedWindows.kept(30, later.toEpochDay())).isTrue();
		assertThat(new Evaluator(index, later, "order_paid", (id, within) -> new RoaringBitmap()).evaluate(month))
			.isEqualTo(addedSince(index, later.minusDays(29)));
	}

	/** The live customers added on {@code day} or later, from the range index. */
	private static RoaringBitmap addedSince(CorpIndex index, LocalDate day) {
		return RoaringBitmap.and(index.added.compare(Expr.Cmp.GE, Codes.day(day)), index.alive);
	}

	/** An evaluator that splits from {@code parallelFrom} candidates on, counting the parts it hands to the pool. */
	private Evaluator splitting(CorpIndex index, AtomicInteger helped, int parallelism, long parallelFrom) {
		return new Evaluator(index, TODAY, "order_paid", (id, within) -> new RoaringBitmap(), task -> {
			helped.incrementAndGet();
			pool.execute(task);
		}, parallelism, parallelFrom);
	}

	private CorpIndex index(int n) {
		CorpIndex index = new CorpIndex(1);
		index.unitPaths = Map.of(1L, "/1/", 2L, "/1/2/", 3L, "/1/3/");
		List<CustomerFacts> batch = new ArrayList<>();
		String[] stages = { "NEW", "ENGAGED", "REPEAT", "LOST" };
		for (long id = 1; id <= n; id++) {
			CustomerFacts c = new CustomerFacts(id);
			c.gender = random.nextInt(3);
			c.stage = stages[random.nextInt(4)];
			c.addedDay = TODAY.minusDays(random.nextInt(90));
			// power-law-ish tag density: low ids are common
			for (int k = random.nextInt(5); k > 0; k--) {
				c.tags.add(1 + (long) (40 * Math.pow(random.nextDouble(), 2)));
			}
			long staff = 1 + random.nextInt(20);
			c.relations.add(new CustomerFacts.Relation(staff, staff % 2 == 0 ? 2L : 3L, "abc".substring(random.nextInt(3)).substring(0, 1),
					random.nextInt(10) > 0));
			if (random.nextInt(3) > 0) {
				c.fields.add(new CustomerFacts.FieldValue(1, null, BigDecimal.valueOf(random.nextInt(120) - 20), null));
			}
			if (random.nextInt(3) > 0) {
				c.fields.add(new CustomerFacts.FieldValue(2, null, null, TODAY.minusDays(random.nextInt(400))));
			}
			if (random.nextBoolean()) {
				c.fields.add(new CustomerFacts.FieldValue(3, List.of(new String[] { "上海", "北京", "深圳" }[random.nextInt(3)]), null, null));
			}
			batch.add(c);
		}
		index.putAll(batch);
		for (int i = 0; i < n; i++) {
			int ord = random.nextInt(n);
			long day = TODAY.toEpochDay() - random.nextInt(400);
			if (random.nextBoolean()) {
				index.behaviour.add(ord, "order_paid", day, null, random.nextInt(30_000));
			}
			else {
				index.behaviour.add(ord, "link_clicked", day, random.nextBoolean() ? "L1" : "L2", 0);
			}
		}
		// some customers leave (merged): they are no longer alive
		List<CustomerFacts> gone = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			CustomerFacts c = new CustomerFacts(1 + random.nextInt(n));
			c.merged = true;
			gone.add(c);
		}
		index.putAll(gone);
		index.optimize();
		return index;
	}

	private static List<Long> longs(long from, long to) {
		List<Long> out = new ArrayList<>();
		for (long i = from; i <= to; i++) {
			out.add(i);
		}
		return out;
	}
}
