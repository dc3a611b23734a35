package io.siyu.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * The day column answers a range over candidates as a scan of the days would, through sets, removals and ordinals
 * beyond those it has seen; a day that does not fit in it turns it off.
 */
class DayColumnTest {

	private final Random random = new Random(3);

	@Test
	void rangesOverCandidatesAgreeWithAScan() {
		long first = Codes.day(LocalDate.of(2024, 12, 1));
		DayColumn column = new DayColumn();
		Map<Integer, Long> truth = new HashMap<>();
		for (int ord = 0; ord < 150_000; ord++) {
			if (random.nextInt(10) < 8) {
				long day = first + random.nextInt(730);
				column.set(ord, day);
				truth.put(ord, day);
			}
		}
		RoaringBitmap gone = new RoaringBitmap();
		for (int i = 0; i < 5000; i++) {
			gone.add(random.nextInt(160_000));
		}
		column.remove(gone);
		gone.forEach((int ord) -> truth.remove(ord));
		for (int i = 0; i < 2000; i++) {
			int ord = random.nextInt(200_000); // some beyond every ordinal set so far
			long day = first + random.nextInt(730);
			column.set(ord, day);
			truth.put(ord, day);
		}
		assertThat(column.usable()).isTrue();
		long[][] ranges = { { 0, Long.MAX_VALUE }, { first, first }, { first + 700, Long.MAX_VALUE }, { 0, first + 29 },
				{ first + 100, first + 400 }, { first + 729, first + 729 }, { first + 730, Long.MAX_VALUE },
				{ 0, first - 1 }, { first + 400, first + 100 }, { Codes.day(0), Codes.day(0) } };
		for (int share : new int[] { 1, 16, 1000 }) {
			RoaringBitmap candidates = new RoaringBitmap();
			for (int ord = 0; ord < 210_000; ord++) {
				if (random.nextInt(share) == 0) {
					candidates.add(ord);
				}
			}
			for (long[] r : ranges) {
				RoaringBitmap expected = new RoaringBitmap();
				truth.forEach((ord, day) -> {
					if (candidates.contains(ord) && day >= r[0] && day <= r[1]) {
						expected.add(ord);
					}
				});
				assertThat(column.between(r[0], r[1], candidates)).as("[%d, %d] among 1/%d", r[0] - first, r[1] - first, share)
					.isEqualTo(expected);
				assertThat(column.count(r[0], r[1], candidates)).as("count of [%d, %d] among 1/%d", r[0] - first,
						r[1] - first, share).isEqualTo(expected.getLongCardinality());
			}
		}
		// the first and last day it can hold
		column.set(7, Codes.day(0));
		column.set(8, Codes.day(Character.MAX_VALUE - 1));
		assertThat(column.between(0, Codes.day(0), RoaringBitmap.bitmapOf(6, 7, 8))).isEqualTo(RoaringBitmap.bitmapOf(7));
		assertThat(column.count(0, Codes.day(0), RoaringBitmap.bitmapOf(6, 7, 8))).isEqualTo(1);
		assertThat(column.count(Codes.day(60_000), Long.MAX_VALUE, RoaringBitmap.bitmapOf(6, 7, 8))).isEqualTo(1);
		assertThat(column.between(Codes.day(60_000), Long.MAX_VALUE, RoaringBitmap.bitmapOf(6, 7, 8)))
			.isEqualTo(RoaringBitmap.bitmapOf(8));
		assertThat(column.bytes()).isGreaterThanOrEqualTo(2L * 200_000);
		// a day before 1970 does not fit: off for good
		column.set(9, Codes.day(-1));
		assertThat(column.usable()).isFalse();
		column.set(10, first);
		assertThat(column.usable()).isFalse();
		assertThat(column.bytes()).isZero();
	}
}
