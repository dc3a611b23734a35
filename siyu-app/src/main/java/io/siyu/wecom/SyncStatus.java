package io.siyu.wecom;

import java.time.Instant;

/**
 * The latest full sync of a corp from WeCom, as the console shows it. {@code phase} is where a running or
 * interrupted run stands (DIRECTORY, TAGS, CUSTOMERS, GROUPS); {@code status} RUNNING, INTERRUPTED, FAILED or DONE.
 */
public record SyncStatus(long runId, String status, String phase, long items, long calls, long errors,
		String lastError, Instant startedAt, Instant updatedAt, Instant finishedAt) {

	public boolean running() {
		return "RUNNING".equals(status);
	}
}
