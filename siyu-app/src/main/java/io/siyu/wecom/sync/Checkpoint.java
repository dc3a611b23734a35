package io.siyu.wecom.sync;

/**
 * Where a full sync stands: the phase, the batch of 100 userids within it and WeCom's cursor inside that batch.
 * Stored after every page, so a run that stopped continues from the next page instead of from the start.
 */
record Checkpoint(Phase phase, int batch, String cursor) {

	enum Phase {
		DIRECTORY, TAGS, CUSTOMERS, GROUPS, DONE
	}

	static Checkpoint start() {
		return new Checkpoint(Phase.DIRECTORY, 0, "");
	}

	static Checkpoint at(Phase phase) {
		return new Checkpoint(phase, 0, "");
	}

	Checkpoint nextPage(String nextCursor) {
		return nextCursor == null || nextCursor.isEmpty() ? new Checkpoint(phase, batch + 1, "")
				: new Checkpoint(phase, batch, nextCursor);
	}

	boolean before(Phase other) {
		return phase.compareTo(other) < 0;
	}

	String encode() {
		return phase + ":" + batch + ":" + cursor;
	}

	static Checkpoint parse(String text) {
		if (text == null || text.isBlank()) {
			return start();
		}
		String[] parts = text.split(":", 3);
		return new Checkpoint(Phase.valueOf(parts[0]), Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "");
	}
}
