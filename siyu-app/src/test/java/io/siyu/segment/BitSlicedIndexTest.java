package io.siyu.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * The bit-sliced index answers every comparison as a plain scan of the values would: from the slices, from the frozen
 * range index, and from both when ordinals changed after the freeze (set, removed, new ordinals beyond the freeze).
 */
class BitSlicedIndexTest {

	private final Random random = new Random(11);

	@Test
	void everyComparisonAgreesWithAScanBeforeAndAfterFreezingAndThroughUpdates() {
		int rows = 200_000; // four 64K chunks
		BitSlicedIndex bsi = new BitSlicedIndex();
		Map<Integer, Long> truth = new HashMap<>();
		for (int ord = 0; ord < rows; ord++) {
			if (random.nextInt(10) < 7) {
				long v = value();
				bsi.set(ord, v);
				truth.put(ord, v);
			}
		}
		check(bsi, truth, rows, "slices only");
		bsi.optimize();
		assertThat(bsi.changedSinceFreeze()).isZero();
		check(bsi, truth, rows, "frozen");
		for (int round = 0; round < 4; round++) {
			for (int i = 0; i < 1500; i++) {
				int ord = random.nextInt(rows + 5000); // some beyond the frozen rows
				long v = value();
				bsi.set(ord, v);
				truth.put(ord, v);
			}
			RoaringBitmap gone = new RoaringBitmap();
			for (int i = 0; i < 300; i++) {
				gone.add(random.nextInt(rows + 5000));
			}
			bsi.remove(gone);
			gone.forEach((int ord) -> truth.remove(ord));
			assertThat(bsi.changedSinceFreeze()).as("round %d", round).isPositive();
			check(bsi, truth, rows + 5000, "frozen and changed, round " + round);
		}
		// a large batch of updates crosses refreezeAfter and freezes again
		long limit = bsi.refreezeAfter();
		for (int i = 0; i <= limit; i++) {
			int ord = random.nextInt(rows);
			long v = value();
			bsi.set(ord, v);
			truth.put(ord, v);
		}
		assertThat(bsi.changedSinceFreeze()).isLessThan(limit);
		check(bsi, truth, rows + 5000, "refrozen");
	}

	@Test
	void daysAreFrozenFromTheLeastSoARangeReadsTheirSpreadsBitsOnly() {
		int rows = 140_000;
		long first = Codes.day(LocalDate.of(2025, 1, 1));
		BitSlicedIndex bsi = new BitSlicedIndex();
		Map<Integer, Long> truth = new HashMap<>();
		for (int ord = 0; ord < rows; ord++) {
			if (random.nextInt(10) < 8) {
				long v = first + random.nextInt(730);
				bsi.set(ord, v);
				truth.put(ord, v);
			}
		}
		bsi.optimize();
		// two years of days: 10 bits from the least, not the 20 of the codes themselves
		assertThat(bsi.frozenBits()).isEqualTo(10);
		long[] thresholds = { -1, 0, first - 1, first, first + 1, first + 365, first + 729, first + 730, first + 5000,
				Long.MAX_VALUE };
		check(bsi, truth, rows, "frozen from the least", thresholds);
		// a value below the frozen least, after the freeze: answered from the slices, and a refreeze takes it as the least
		bsi.set(7, first - 100);
		truth.put(7, first - 100);
		bsi.set(rows + 3, first - 50);
		truth.put(rows + 3, first - 50);
		long[] below = { first - 101, first - 100, first - 99, first - 50, first, first + 400 };
		check(bsi, truth, rows + 5, "a change below the least", below);
		bsi.freeze();
		assertThat(bsi.frozenBits()).isEqualTo(10);
		check(bsi, truth, rows + 5, "refrozen from the new least", below);
	}

	@Test
	void estimatesFromTheFreezesSampleComeCloseToTheTruth() {
		int rows = 300_000;
		long first = Codes.day(LocalDate.of(2025, 1, 1));
		BitSlicedIndex bsi = new BitSlicedIndex();
		Map<Integer, Long> truth = new HashMap<>();
		for (int ord = 0; ord < rows; ord++) {
			if (random.nextInt(10) < 8) {
				// more recent days more common, as customers added
				long v = first + (long) Math.sqrt(random.nextInt(730 * 730));
				bsi.set(ord, v);
				truth.put(ord, v);
			}
		}
		assertThat(bsi.estimate(Expr.Cmp.GE, first + 700)).as("before a freeze: all with a value").isEqualTo(truth.size());
		bsi.optimize();
		long[][] ranges = { { first + 700, Long.MAX_VALUE }, { 0, first + 30 }, { first + 100, first + 400 },
				{ first + 365, first + 365 }, { first + 729, first + 729 }, { first - 10, first - 1 }, { first + 731, Long.MAX_VALUE },
				{ first + 400, first + 100 } };
		for (long[] r : ranges) {
			long exact = truth.values().stream().filter(v -> v >= r[0] && v <= r[1]).count();
			assertThat(bsi.estimate(r[0], r[1])).as("[%d, %d]", r[0] - first, r[1] - first)
				.isCloseTo(exact, org.assertj.core.data.Offset.offset(truth.size() / 50L));
		}
		long exact = truth.values().stream().filter(v -> v < first + 200).count();
		assertThat(bsi.estimate(Expr.Cmp.LT, first + 200)).isCloseTo(exact, org.assertj.core.data.Offset.offset(truth.size() / 50L));
		assertThat(bsi.estimate(first + 731, Long.MAX_VALUE)).as("beyond every value").isZero();
		assertThat(bsi.estimate(first + 400, first + 100)).as("an empty range").isZero();
	}

	private long value() {
		// mostly small, some large, a few zero: thresholds cross every slice; a few very large, so the slices above
		// 2^30 hold few ordinals (a threshold few reach)
		if (random.nextInt(50) == 0) {
			return (1L << 30) + random.nextInt(1000);
		}
		return switch (random.nextInt(4)) {
			case 0 -> 0;
			case 1 -> random.nextInt(50);
			case 2 -> 20_000 + random.nextInt(1100);
			default -> (long) random.nextInt(1 << 24);
		};
	}

	private void check(BitSlicedIndex bsi, Map<Integer, Long> truth, int rows, String stage) {
		check(bsi, truth, rows, stage, new long[] { -5, 0, 1, 49, 50, 20_500, 21_099, (1 << 24) - 1, 1 << 24, 1L << 30,
				(1L << 30) + 500, 1L << 40, random.nextInt(1 << 24) });
	}

	private void check(BitSlicedIndex bsi, Map<Integer, Long> truth, int rows, String stage, long[] thresholds) {
		RoaringBitmap all = new RoaringBitmap();
		all.add(0L, rows + 10L);
		RoaringBitmap half = new RoaringBitmap();
		RoaringBitmap few = new RoaringBitmap();
		RoaringBitmap fewer = new RoaringBitmap(); // under 1/1024 of the rows: from the slices for "less than" too
		for (int ord = 0; ord < rows + 10; ord++) {
			if (random.nextBoolean()) {
				half.add(ord);
			}
			if (random.nextInt(500) == 0) {
				few.add(ord);
			}
			if (random.nextInt(3000) == 0) {
				fewer.add(ord);
			}
		}
		for (long c : thresholds) {
			long atLeast = truth.values().stream().filter(v -> v >= c).count();
			assertThat(bsi.atLeastBound(c)).as("%s: bound of ≥ %d", stage, c)
				.isBetween(atLeast, (long) truth.size());
			for (Expr.Cmp cmp : Expr.Cmp.values()) {
				for (RoaringBitmap found : new RoaringBitmap[] { null, all, half, few, fewer }) {
					RoaringBitmap expected = new RoaringBitmap();
					truth.forEach((ord, v) -> {
						if ((found == null || found.contains(ord)) && holds(cmp, v, c)) {
							expected.add(ord);
						}
					});
					RoaringBitmap actual = bsi.compare(cmp, c, found);
					assertThat(actual).as("%s: %s %d within %s", stage, cmp, c,
							found == null ? "all" : found.getCardinality()).isEqualTo(expected);
				}
			}
		}
		// ranges [lo, hi], as an AND's conditions on the added day run together: among candidates, from the frozen
		// values, the slices and both; empty, open below and above
		long beyond = thresholds[thresholds.length - 2]; // above every value
		for (int i = 0; i < 7; i++) {
			long lo = i == 0 ? 0 : i == 2 ? beyond : thresholds[random.nextInt(thresholds.length)];
			long hi = i == 1 ? Long.MAX_VALUE : i == 2 ? beyond : thresholds[random.nextInt(thresholds.length)];
			for (RoaringBitmap found : new RoaringBitmap[] { all, half, few, fewer }) {
				RoaringBitmap expected = new RoaringBitmap();
				truth.forEach((ord, v) -> {
					if (found.contains(ord) && v >= lo && v <= hi) {
						expected.add(ord);
					}
				});
				assertThat(bsi.between(lo, hi, found)).as("%s: [%d, %d] within %d", stage, lo, hi, found.getCardinality())
					.isEqualTo(expected);
				assertThat(bsi.count(lo, hi, found)).as("%s: count of [%d, %d] within %d", stage, lo, hi,
						found.getCardinality()).isEqualTo(expected.getLongCardinality());
			}
		}
		truth.forEach((ord, v) -> assertThat(bsi.get(ord)).isEqualTo(v));
	}

	private static boolean holds(Expr.Cmp cmp, long v, long c) {
		return switch (cmp) {
			case GT -> v > c;
			case GE -> v >= c;
			case EQ -> v == c;
			case LT -> v < c;
			case LE -> v <= c;
		};
	}
}
