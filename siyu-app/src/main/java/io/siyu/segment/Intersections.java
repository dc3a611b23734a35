package io.siyu.segment;

import org.roaringbitmap.ArrayContainer;
import org.roaringbitmap.Container;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.RoaringBitmap;

/**
 * Intersections and differences of bitmaps, chunk by chunk, with two sorted arrays of like sizes done through a bit
 * set: RoaringBitmap merges such arrays, a branch per value that no predictor guesses (about 6 ns a value), which made
 * an AND's steps over a few hundred thousand candidates cost several ms at 20 M (W1's profile: its merge was the
 * hottest frame of the queries). Here the larger array's values are set in a scratch bit set, the smaller one's tested
 * without a branch and the bits cleared again: 0.26–0.42× the merge for arrays within {@value #LIKE}× of each other's
 * size (IntersectionsBench at 20 M, docs/benchmarks.md); other pairs go RoaringBitmap's way. Each thread has its own
 * scratch (40 KB, reused: a dynamic segment's evaluation for a change makes thousands of calls over few candidates,
 * and a new scratch for each made W2's churn p50 twice as slow), so parts on several threads may run at once.
 */
final class Intersections {

	/** Arrays whose sizes are within this factor are intersected through the bit set. */
	static final int LIKE = 8;

	/** Smaller arrays than this are merged (the bit set's passes cost more than they save). */
	static final int LEAST = 64;

	private final long[] bits = new long[1024];

	private final int[] larger = new int[4096];

	private final int[] smaller = new int[4096];

	private static final ThreadLocal<Intersections> SCRATCH = ThreadLocal.withInitial(Intersections::new);

	private Intersections() {
	}

	/** The values in both, a new bitmap. */
	static RoaringBitmap and(RoaringBitmap a, RoaringBitmap b) {
		return SCRATCH.get().combine(a, b, false, false);
	}

	/** The values of {@code a} not in {@code b}, a new bitmap. */
	static RoaringBitmap andNot(RoaringBitmap a, RoaringBitmap b) {
		return SCRATCH.get().combine(a, b, true, false);
	}

	/**
	 * As {@link #and} ({@link #andNot} when {@code not}), taking {@code a}'s containers for the answer, changed in place
	 * where RoaringBitmap's way is taken: {@code a} is the caller's own and not used after.
	 */
	static RoaringBitmap narrow(RoaringBitmap a, RoaringBitmap b, boolean not) {
		return SCRATCH.get().combine(a, b, not, true);
	}

	/** How many values are in both. */
	static long andCardinality(RoaringBitmap a, RoaringBitmap b) {
		Intersections s = SCRATCH.get();
		long n = 0;
		ContainerPointer pa = a.getContainerPointer();
		ContainerPointer pb = b.getContainerPointer();
		while (pa.getContainer() != null && pb.getContainer() != null) {
			int ka = pa.key();
			int kb = pb.key();
			if (ka != kb) {
				(ka < kb ? pa : pb).advance();
				continue;
			}
			Container x = pa.getContainer();
			Container y = pb.getContainer();
			n += like(x, y) ? s.count(x, y) : x.andCardinality(y);
			pa.advance();
			pb.advance();
		}
		return n;
	}

	private RoaringBitmap combine(RoaringBitmap a, RoaringBitmap b, boolean not, boolean own) {
		RoaringBitmap out = new RoaringBitmap();
		ContainerPointer pa = a.getContainerPointer();
		ContainerPointer pb = b.getContainerPointer();
		while (pa.getContainer() != null) {
			int ka = pa.key();
			while (pb.getContainer() != null && pb.key() < ka) {
				pb.advance();
			}
			Container x = pa.getContainer();
			Container c;
			if (pb.getContainer() == null || pb.key() != ka) {
				if (!not) {
					pa.advance();
					continue;
				}
				c = own ? x : x.clone();
			}
			else {
				Container y = pb.getContainer();
				if (like(x, y)) {
					c = not ? difference(x, y) : intersection(x, y);
				}
				else if (own) {
					c = not ? x.iandNot(y) : x.iand(y);
				}
				else {
					c = not ? x.andNot(y) : x.and(y);
				}
			}
			if (!c.isEmpty()) {
				out.append((char) ka, c);
			}
			pa.advance();
		}
		return out;
	}

	private static boolean like(Container x, Container y) {
		if (!(x instanceof ArrayContainer) || !(y instanceof ArrayContainer)) {
			return false;
		}
		int nx = x.getCardinality();
		int ny = y.getCardinality();
		return Math.min(nx, ny) >= LEAST && Math.max(nx, ny) <= (long) LIKE * Math.min(nx, ny);
	}

	/** Sets the values of {@code c} in the bit set (into {@link #larger}); returns how many. */
	private int set(Container c) {
		int n = c.getCardinality();
		c.fillLeastSignificant16bits(larger, 0, 0);
		for (int i = 0; i < n; i++) {
			int v = larger[i];
			bits[v >>> 6] |= 1L << v;
		}
		return n;
	}

	private void clear(int n) {
		for (int i = 0; i < n; i++) {
			bits[larger[i] >>> 6] = 0;
		}
	}

	private Container intersection(Container x, Container y) {
		Container s = x.getCardinality() <= y.getCardinality() ? x : y;
		int ns = s.getCardinality();
		// allocated before the bits are set: they are always cleared again
		char[] out = new char[ns];
		int nl = set(s == x ? y : x);
		s.fillLeastSignificant16bits(smaller, 0, 0);
		int k = 0;
		for (int i = 0; i < ns; i++) {
			int v = smaller[i];
			out[k] = (char) v;
			k += (int) (bits[v >>> 6] >>> v) & 1;
		}
		clear(nl);
		return array(k, out);
	}

	/** The values of {@code x} not in {@code y}: {@code y}'s set, {@code x}'s kept where unset. */
	private Container difference(Container x, Container y) {
		int nx = x.getCardinality();
		char[] out = new char[nx];
		int ny = set(y);
		x.fillLeastSignificant16bits(smaller, 0, 0);
		int k = 0;
		for (int i = 0; i < nx; i++) {
			int v = smaller[i];
			out[k] = (char) v;
			k += 1 - ((int) (bits[v >>> 6] >>> v) & 1);
		}
		clear(ny);
		return array(k, out);
	}

	/** An array container of the first {@code k} values, not holding on to more than twice their room. */
	private static Container array(int k, char[] values) {
		return new ArrayContainer(k, k * 2 < values.length ? java.util.Arrays.copyOf(values, k) : values);
	}

	private long count(Container x, Container y) {
		Container s = x.getCardinality() <= y.getCardinality() ? x : y;
		int nl = set(s == x ? y : x);
		int ns = s.getCardinality();
		s.fillLeastSignificant16bits(smaller, 0, 0);
		int k = 0;
		for (int i = 0; i < ns; i++) {
			int v = smaller[i];
			k += (int) (bits[v >>> 6] >>> v) & 1;
		}
		clear(nl);
		return k;
	}
}
