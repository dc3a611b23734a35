package io.siyu.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * Intersections and differences through the bit set agree with RoaringBitmap's own, over chunks of every kind: arrays
 * of like sizes (the bit set's case), of unlike sizes, bitmaps, runs, chunks only one side has; narrowing leaves the
 * other side untouched.
 */
class IntersectionsTest {

	private final Random random = new Random(31);

	@Test
	void agreesWithRoaringBitmapOverEveryKindOfChunk() {
		double[] densities = { 1 / 20.0, 1 / 50.0, 1 / 300.0, 1 / 3000.0, 1 / 5.0 };
		for (int round = 0; round < 40; round++) {
			RoaringBitmap a = sample(densities[random.nextInt(densities.length)]);
			RoaringBitmap b = sample(densities[random.nextInt(densities.length)]);
			if (round % 5 == 0) {
				b.add(70_000L, 200_000L); // runs
				b.runOptimize();
			}
			RoaringBitmap bBefore = b.clone();
			assertThat(Intersections.and(a, b)).as("and, round %d", round).isEqualTo(RoaringBitmap.and(a, b));
			assertThat(Intersections.andNot(a, b)).as("andNot, round %d", round).isEqualTo(RoaringBitmap.andNot(a, b));
			assertThat(Intersections.andCardinality(a, b)).as("count, round %d", round)
				.isEqualTo(RoaringBitmap.andCardinality(a, b));
			assertThat(Intersections.narrow(a.clone(), b, false)).isEqualTo(RoaringBitmap.and(a, b));
			assertThat(Intersections.narrow(a.clone(), b, true)).isEqualTo(RoaringBitmap.andNot(a, b));
			assertThat(b).as("the other side is untouched").isEqualTo(bBefore);
			// a bitmap with itself
			assertThat(Intersections.narrow(a.clone(), a, true)).isEmpty();
			assertThat(Intersections.and(a, a)).isEqualTo(a);
		}
	}

	/** Each of [0, 600,000) with probability p, chunks past 400,000 only sometimes. */
	private RoaringBitmap sample(double p) {
		RoaringBitmap b = new RoaringBitmap();
		int end = random.nextBoolean() ? 600_000 : 400_000;
		for (int i = random.nextInt(100_000); i < end; i++) {
			if (random.nextDouble() < p) {
				b.add(i);
			}
		}
		return b;
	}
}
