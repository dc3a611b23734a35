package io.siyu.wecom.sync;

/**
 * What a call to {@link WeComSync#run(long)} did.
 *
 * @param runId   the run's row in {@code wecom_sync_run}; -1 when the corp was busy
 * @param resumed the run continued an unfinished run from its checkpoint
 * @param items   departments, members, tags, relations and groups written, over the whole run
 * @param calls   WeCom calls made, over the whole run (including before a resume)
 */
public record SyncResult(long runId, Outcome outcome, boolean resumed, long items, long calls) {

	public enum Outcome {
		/** Everything mirrored. */
		DONE,
		/** Another node or thread is syncing this corp right now. */
		BUSY
	}

	static SyncResult busy() {
		return new SyncResult(-1, Outcome.BUSY, false, 0, 0);
	}
}
