package io.siyu.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * A window's totals answer "total ≥ threshold" as the totals say, also for the thresholds whose answers they keep:
 * events after the answer was kept (more spent, a refund, a customer's first order, an event before the window) change
 * the kept answer as they change the totals.
 */
class WindowTotalsTest {

	private static final long TODAY = 20_000;

	private final Random random = new Random(3);

	@Test
	void keptAnswersFollowEveryEvent() {
		int rows = 200_000;
		long[] truth = new long[rows + 1000];
		int[] ords = new int[rows];
		long[] totals = new long[rows];
		int n = 0;
		for (int ord = 0; ord < rows; ord++) {
			if (random.nextInt(3) == 0) {
				ords[n] = ord;
				totals[n] = random.nextInt(10) == 0 ? 40_000 + random.nextInt(30_000) : random.nextInt(20_000);
				truth[ord] = totals[n];
				n++;
			}
		}
		WindowTotals t = WindowTotals.of("order_paid", 365, true, TODAY, ords, totals, n);
		long threshold = 50_000;
		RoaringBitmap all = RoaringBitmap.bitmapOfRange(0, rows + 1000);
		check(t, truth, threshold, null);
		assertThat(t.keptAnswers()).as("asked over all customers: kept").isOne();
		assertThat(t.atLeastBound(threshold)).as("a kept answer's bound is its size")
			.isEqualTo(t.atLeast(threshold, null).getLongCardinality());

		for (int i = 0; i < 5000; i++) {
			int ord = random.nextInt(rows + 1000); // some without a total yet, some beyond the build's rows
			long amount = random.nextInt(4) == 0 ? -Math.min(truth[ord], random.nextInt(30_000)) // refunds
					: random.nextInt(25_000);
			boolean inWindow = random.nextInt(10) > 0;
			assertThat(t.add(ord, inWindow ? TODAY - random.nextInt(365) : TODAY - 365 - random.nextInt(30), amount))
				.isTrue();
			if (inWindow) {
				truth[ord] += amount;
			}
		}
		check(t, truth, threshold, null);
		check(t, truth, threshold, all);

		// few candidates and an unkept threshold: answered among them, nothing kept
		RoaringBitmap few = new RoaringBitmap();
		while (few.getCardinality() * BitSlicedIndex.FEW_FOR_SLICES < rows / 3 - 1000) { // under 1/256 of those with a total
			few.add(random.nextInt(rows));
		}
		check(t, truth, 30_000, few);
		assertThat(t.keptAnswers()).isOne();

		// only the last thresholds asked are kept
		for (long c = 1000; c <= 20 * 1000; c += 1000) {
			check(t, truth, c, all);
		}
		assertThat(t.keptAnswers()).isEqualTo(WindowTotals.KEPT_ANSWERS);
		check(t, truth, threshold, few);
	}

	private static void check(WindowTotals t, long[] truth, long threshold, RoaringBitmap within) {
		RoaringBitmap expected = new RoaringBitmap();
		for (int ord = 0; ord < truth.length; ord++) {
			if (truth[ord] >= threshold && (within == null || within.contains(ord))) {
				expected.add(ord);
			}
		}
		RoaringBitmap actual = t.atLeast(threshold, within);
		assertThat(within == null ? actual : RoaringBitmap.and(actual, within)).as("total ≥ %d", threshold)
			.isEqualTo(expected);
	}

}
