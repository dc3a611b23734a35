package io.siyu.segment;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.roaringbitmap.RoaringBitmap;

/**
 * The customers with at least one event of a kind (about one ref, or any) in a rolling window ("clicked L1 in the last
 * 7 days", "joined G43 in 30 days"), kept for the last {@value #KEPT} windows asked and updated with each event
 * ({@link #add}), as {@link WindowTotals} keep thresholds: operators and saved segments ask the same few windows again
 * and again, and the union of a week of a popular link's day bitmaps is 1.4 M values at 20 M customers (~1 ms on every
 * ask). A union is of one day ({@code today}): on another day it is dropped and built again on the next ask. The last
 * {@value #KEPT} windows asked are kept, as long as they hold at most {@value #KEPT_BYTES} bytes between them (at
 * 32, W1's 60 windows — ten links, fifty groups — pushed each other out: a group's window was built on every ask).
 * Access is synchronized; events arrive under the index's write lock, so readers never see one half added.
 */
final class WindowUnions {

	static final int KEPT = 128;

	static final long KEPT_BYTES = 128L << 20;

	private final int keep;

	private final long keepBytes;

	private record Key(String kind, int refId, int days) {
	}

	private record Union(long today, RoaringBitmap members) {
	}

	private final Map<Key, Union> kept = new LinkedHashMap<>(64, 0.75f, true);

	WindowUnions() {
		this(KEPT, KEPT_BYTES);
	}

	/** Keeping at most {@code keep} windows of at most {@code keepBytes} bytes between them (tests). */
	WindowUnions(int keep, long keepBytes) {
		this.keep = keep;
		this.keepBytes = keepBytes;
	}

	/** The kept union of the window ending on {@code today} ({@code refId} -1: any ref), or null; never modify it. */
	synchronized RoaringBitmap get(String kind, int refId, int days, long today) {
		Key key = new Key(kind, refId, days);
		Union u = kept.get(key);
		if (u != null && u.today != today) {
			kept.remove(key);
			return null;
		}
		return u == null ? null : u.members;
	}

	/** Keeps a window's union, dropping the least recently asked ones beyond the limits (never the one kept now). */
	synchronized void keep(String kind, int refId, int days, long today, RoaringBitmap members) {
		kept.put(new Key(kind, refId, days), new Union(today, members));
		Iterator<Union> eldest = kept.values().iterator();
		while (kept.size() > 1 && (kept.size() > keep || bytes() > keepBytes)) {
			eldest.next();
			eldest.remove();
		}
	}

	/** An event: its customer joins every kept window of its kind (and ref, or any) that its day falls in. */
	synchronized void add(int ord, String kind, int refId, long epochDay) {
		kept.forEach((key, u) -> {
			if (key.kind.equals(kind) && (key.refId == refId || key.refId == -1) && epochDay > u.today - key.days) {
				u.members.add(ord);
			}
		});
	}

	/** How many windows are kept (tests). */
	synchronized int size() {
		return kept.size();
	}

	synchronized long bytes() {
		return kept.values().stream().mapToLong(u -> u.members.getSizeInBytes() + 64).sum();
	}
}
