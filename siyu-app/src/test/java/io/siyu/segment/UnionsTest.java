package io.siyu.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * The chunk-by-chunk union equals RoaringBitmap's own over the range, for inputs sparse and dense, runs, chunks some
 * inputs lack, and ranges that cut the inputs; its chunks are its own (changing the union changes no input).
 */
class UnionsTest {

	private final Random random = new Random(17);

	@Test
	void agreesWithRoaringBitmapsUnionOverTheRange() {
		int merged = 0, bitmapped = 0;
		for (int round = 0; round < 300; round++) {
			int chunks = 1 + random.nextInt(12);
			RoaringBitmap[] inputs = new RoaringBitmap[1 + random.nextInt(6)];
			boolean sparse = random.nextBoolean();
			for (int i = 0; i < inputs.length; i++) {
				inputs[i] = input(chunks, sparse);
			}
			long start = (long) random.nextInt(chunks + 1) << 16;
			long end = random.nextInt(4) == 0 ? 1L << 32 : start + ((long) (1 + random.nextInt(chunks + 1)) << 16);
			RoaringBitmap expected = FastAggregation.or(inputs);
			expected.and(RoaringBitmap.bitmapOfRange(start, end));
			RoaringBitmap[] before = new RoaringBitmap[inputs.length];
			for (int i = 0; i < inputs.length; i++) {
				before[i] = inputs[i].clone();
			}
			RoaringBitmap union = Unions.or(inputs, start, end);
			assertThat(union).as("round %d, range [%d, %d)", round, start, end).isEqualTo(expected);
			assertThat(union.getLongCardinality()).isEqualTo(expected.getLongCardinality());
			// the union's chunks are its own
			union.add((int) (start + 3));
			union.flip(start + 70_000, start + 140_000);
			assertThat(inputs).containsExactly(before);
			for (int key = (int) (start >>> 16); key < Math.min(chunks, end >>> 16); key++) {
				long values = 0;
				for (RoaringBitmap b : inputs) {
					values += b.rangeCardinality((long) key << 16, (long) (key + 1) << 16);
				}
				merged += values > 0 && values <= Unions.MERGE_UP_TO ? 1 : 0;
				bitmapped += values > Unions.MERGE_UP_TO ? 1 : 0;
			}
		}
		assertThat(merged).as("chunks merged as arrays").isGreaterThan(200);
		assertThat(bitmapped).as("chunks united as bitmaps").isGreaterThan(200);
	}

	@Test
	void nothingToUniteIsAnEmptyBitmap() {
		assertThat(Unions.or(new RoaringBitmap[0], 0, 1L << 32).isEmpty()).isTrue();
		RoaringBitmap late = RoaringBitmap.bitmapOf(5 << 16, (5 << 16) + 9);
		assertThat(Unions.or(new RoaringBitmap[] { late, new RoaringBitmap() }, 0, 5L << 16).isEmpty()).isTrue();
		assertThat(Unions.or(new RoaringBitmap[] { late }, 6L << 16, 1L << 32).isEmpty()).isTrue();
		assertThat(Unions.or(new RoaringBitmap[] { late }, 5L << 16, 6L << 16)).isEqualTo(late);
	}

	/** Chunks at random densities: missing, a few values, hundreds (only these when sparse), thousands, dense, runs. */
	private RoaringBitmap input(int chunks, boolean sparse) {
		RoaringBitmap b = new RoaringBitmap();
		for (int key = 0; key < chunks; key++) {
			long base = (long) key << 16;
			switch (random.nextInt(sparse ? 3 : 6)) {
				case 0 -> {
				}
				case 1 -> addRandom(b, base, 1 + random.nextInt(20));
				case 2 -> addRandom(b, base, 200 + random.nextInt(800));
				case 3 -> addRandom(b, base, 1000 + random.nextInt(3500));
				case 4 -> addRandom(b, base, 10_000 + random.nextInt(40_000));
				default -> b.add(base + random.nextInt(1000), base + 1000 + random.nextInt(60_000));
			}
		}
		if (random.nextBoolean()) {
			b.runOptimize();
		}
		return b;
	}

	private void addRandom(RoaringBitmap b, long base, int n) {
		for (int i = 0; i < n; i++) {
			b.add((int) (base + random.nextInt(1 << 16)));
		}
	}
}
