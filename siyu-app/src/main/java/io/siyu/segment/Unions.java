package io.siyu.segment;

import org.roaringbitmap.BitmapContainer;
import org.roaringbitmap.Container;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.RoaringBitmap;

/**
 * The union of index bitmaps over a range of 64K chunks, chunk by chunk, each chunk the way its inputs' sizes favour.
 * RoaringBitmap's own k-way union ({@code FastAggregation.or}) turns every chunk into a 1,024-word bitmap, ORs into it
 * and turns it back into a sorted array when it ends up small: right for popular tags, but for sparse inputs (two
 * staff members, a channel, a week of clicks on a link) that round trip cost up to 8× merging the arrays (W1's profile
 * at 20 M: a fifth of the query time went to turning such bitmaps back into arrays). Here a chunk whose inputs hold
 * at most {@value #MERGE_UP_TO} values between them is merged as arrays; larger ones go the bitmap way.
 */
final class Unions {

	/** Inputs of a chunk holding at most this many values are merged as arrays (a chunk's array holds up to 4,096). */
	static final int MERGE_UP_TO = 2048;

	private Unions() {
	}

	/** The union of the bitmaps' chunks in [start, end) (both multiples of 65,536; end up to 2^32): a new bitmap. */
	static RoaringBitmap or(RoaringBitmap[] bitmaps, long start, long end) {
		int from = (int) (start >>> 16);
		int to = (int) ((end - 1) >>> 16);
		ContainerPointer[] at = new ContainerPointer[bitmaps.length];
		int live = 0;
		for (RoaringBitmap b : bitmaps) {
			ContainerPointer p = b.getContainerPointer();
			while (p.getContainer() != null && p.key() < from) {
				p.advance();
			}
			if (p.getContainer() != null && p.key() <= to) {
				at[live++] = p;
			}
		}
		RoaringBitmap r = new RoaringBitmap();
		Container[] here = new Container[live];
		while (live > 0) {
			char key = Character.MAX_VALUE;
			for (int i = 0; i < live; i++) {
				key = (char) Math.min(key, at[i].key());
			}
			int n = 0;
			int values = 0;
			for (int i = 0; i < live; i++) {
				if (at[i].key() == key) {
					here[n] = at[i].getContainer();
					values += here[n++].getCardinality();
					at[i].advance();
				}
			}
			Container c = union(here, n, values);
			if (!c.isEmpty()) {
				r.append(key, c);
			}
			// drop the inputs that ran out of chunks or out of the range
			int kept = 0;
			for (int i = 0; i < live; i++) {
				if (at[i].getContainer() != null && at[i].key() <= to) {
					at[kept++] = at[i];
				}
			}
			live = kept;
		}
		return r;
	}

	private static Container union(Container[] cs, int n, int values) {
		if (n == 1) {
			return cs[0].clone();
		}
		if (values <= MERGE_UP_TO) {
			Container c = cs[0].or(cs[1]);
			for (int i = 2; i < n; i++) {
				c = c.ior(cs[i]);
			}
			return c;
		}
		Container c = cs[0] instanceof BitmapContainer ? cs[0].clone() : cs[0].toBitmapContainer();
		for (int i = 1; i < n; i++) {
			c = c.lazyIOR(cs[i]);
		}
		return c.repairAfterLazy();
	}
}
