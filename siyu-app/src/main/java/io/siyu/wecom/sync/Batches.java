package io.siyu.wecom.sync;

import java.util.ArrayList;
import java.util.List;

/** WeCom takes at most 100 userids per call; batches are cut from a sorted list so a batch index stays meaningful. */
final class Batches {

	static final int MAX_USERIDS = 100;

	private Batches() {
	}

	static List<List<String>> of(List<String> userids) {
		List<String> sorted = userids.stream().distinct().sorted().toList();
		List<List<String>> batches = new ArrayList<>();
		for (int i = 0; i < sorted.size(); i += MAX_USERIDS) {
			batches.add(sorted.subList(i, Math.min(sorted.size(), i + MAX_USERIDS)));
		}
		return batches;
	}
}
