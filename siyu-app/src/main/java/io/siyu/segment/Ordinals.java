package io.siyu.segment;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Dense ordinals for a corp's customer ids (the bitmaps' universe). Ids arrive mostly in ascending order (identity
 * columns), so the ordinal of an id is found by binary search in the ascending prefix; the few that arrive out of
 * order are kept in a small map. 8 bytes per customer.
 */
final class Ordinals {

	private long[] ids = new long[1024];

	private int size;

	private int sortedEnd;

	private final Map<Long, Integer> late = new HashMap<>();

	int size() {
		return size;
	}

	long id(int ord) {
		return ids[ord];
	}

	/** The ordinal of the id, or -1. */
	int find(long id) {
		int i = Arrays.binarySearch(ids, 0, sortedEnd, id);
		if (i >= 0) {
			return i;
		}
		Integer ord = late.get(id);
		return ord == null ? -1 : ord;
	}

	int findOrAdd(long id) {
		int ord = find(id);
		if (ord >= 0) {
			return ord;
		}
		if (size == ids.length) {
			ids = Arrays.copyOf(ids, ids.length * 2);
		}
		ord = size++;
		ids[ord] = id;
		if (sortedEnd == ord && (ord == 0 || ids[ord - 1] < id)) {
			sortedEnd++;
		}
		else {
			late.put(id, ord);
		}
		return ord;
	}

	long bytes() {
		return ids.length * 8L + late.size() * 64L;
	}
}
