package io.siyu.wecom.sync;

/**
 * A full sync of one corp in progress: its row in {@code wecom_sync_run}, where it stands and what it has done.
 * Mutable, used by one thread.
 */
final class SyncRun {

	final long id;

	final long corpId;

	final boolean resumed;

	Checkpoint checkpoint;

	long items;

	long calls;

	/** Changes that callbacks applied after this instant are newer than anything the run reads. */
	final java.time.Instant startedAt;

	SyncRun(long id, long corpId, boolean resumed, Checkpoint checkpoint, long items, long calls,
			java.time.Instant startedAt) {
		this.startedAt = startedAt;
		this.id = id;
		this.corpId = corpId;
		this.resumed = resumed;
		this.checkpoint = checkpoint;
		this.items = items;
		this.calls = calls;
	}
}
