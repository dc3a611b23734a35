package io.siyu.wecom.sync;

import java.util.List;

/**
 * Where a full sync stands: the phase, the batch of 100 userids within it (with the batch's first userid as an
 * anchor) and WeCom's cursor inside that batch. Stored after every page, so a run that stopped continues from the
 * next page instead of from the start.
 */
record Checkpoint(Phase phase, int batch, String anchor, String cursor) {

	enum Phase {
		DIRECTORY, TAGS, CUSTOMERS, GROUPS, DONE
	}

	static Checkpoint start() {
		return new Checkpoint(Phase.DIRECTORY, 0, "", "");
	}

	static Checkpoint at(Phase phase) {
		return new Checkpoint(phase, 0, "", "");
	}

	/** Where to go after a page: the same batch at WeCom's next cursor, or the start of the next batch. */
	Checkpoint nextPage(List<List<String>> batches, String nextCursor) {
		if (nextCursor == null || nextCursor.isEmpty()) {
			int next = batch + 1;
			return new Checkpoint(phase, next, next < batches.size() ? batches.get(next).get(0) : "", "");
		}
		return new Checkpoint(phase, batch, batches.get(batch).get(0), nextCursor);
	}

	/**
	 * This position, if the batches still start where they did when it was stored; otherwise the start of the phase.
	 * WeCom's member list may change between a crash and the resume: writes are idempotent, skipping members is not.
	 */
	Checkpoint within(List<List<String>> batches) {
		if (batch == 0 && anchor.isEmpty()) {
			return this;
		}
		boolean same = batch < batches.size() ? batches.get(batch).get(0).equals(anchor) : anchor.isEmpty();
		return same ? this : at(phase);
	}

	String encode() {
		return phase + ":" + batch + ":" + anchor + ":" + cursor;
	}

	static Checkpoint parse(String text) {
		if (text == null || text.isBlank()) {
			return start();
		}
		String[] parts = text.split(":", 4);
		return new Checkpoint(Phase.valueOf(parts[0]), Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "",
				parts.length > 3 ? parts[3] : "");
	}
}
