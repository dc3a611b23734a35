package io.siyu.tagging;

import java.time.Instant;
import java.util.List;

/**
 * A bulk tag job with its progress. {@code status}: RUNNING, DONE (every customer has an outcome), CANCELLED.
 * {@code succeeded} includes {@code held} (customers without a relation: the tags wait in Siyu for their first one).
 */
public record TagJobView(long id, String action, List<Long> tagIds, List<String> tagNames, String status, int total,
		long succeeded, long failed, long pending, long held, String selection, String createdBy, Instant createdAt,
		Instant finishedAt) {

	public int percent() {
		return total == 0 ? 100 : (int) ((succeeded + failed) * 100 / total);
	}

	public boolean finished() {
		return !"RUNNING".equals(status);
	}
}
