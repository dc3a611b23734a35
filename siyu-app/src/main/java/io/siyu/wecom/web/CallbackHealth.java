package io.siyu.wecom.web;

import java.time.Instant;
import java.util.List;

/** What the console shows about callbacks of the last 24 hours. */
record CallbackHealth(long received, long processed, long pending, long failing, Instant lastReceivedAt,
		Double averageLagMs, List<Hour> hours) {

	record Hour(String label, long count, int percent) {
	}
}
