package io.siyu.wecom.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Runs and claims of the current corp. A claim is taken with a guarded UPDATE (IDLE or stale → RUNNING), so two
 * nodes never sync one corp at once; a node that died leaves a stale heartbeat that another node may take over.
 */
@Component
class SyncRuns {

	static final String KIND = "FULL";

	private final TenantJdbc jdbc;

	private final Clock clock;

	SyncRuns(TenantJdbc jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** A holder token when the corp was free (or its holder went silent for longer than the lease). */
	Optional<String> claim(Duration lease) {
		if (jdbc.sql("select count(*) from wecom_sync_claim where corp_id = :corp").count() == 0) {
			try {
				jdbc.sql("insert into wecom_sync_claim (corp_id, status, heartbeat_at) values (:corp, 'IDLE', :now)")
					.param("now", now())
					.update();
			}
			catch (DuplicateKeyException e) {
				// another node created the row at the same moment; the guarded update below decides
			}
		}
		String holder = UUID.randomUUID().toString();
		int claimed = jdbc.sql("update wecom_sync_claim set status = 'RUNNING', holder = :holder, heartbeat_at = :now"
				+ " where corp_id = :corp and (status = 'IDLE' or heartbeat_at < :stale)")
			.param("holder", holder)
			.param("now", now())
			.param("stale", Timestamps.of(clock.instant().minus(lease)))
			.update();
		return claimed == 1 ? Optional.of(holder) : Optional.empty();
	}

	void release(String holder) {
		jdbc.sql("update wecom_sync_claim set status = 'IDLE', holder = null, heartbeat_at = :now"
				+ " where corp_id = :corp and holder = :holder")
			.param("holder", holder)
			.param("now", now())
			.update();
	}

	/** The unfinished run of the corp (stopped by a crash, restart or error), or a new one. */
	SyncRun resumeOrStart(long corpId) {
		Optional<SyncRun> open = jdbc.sql("select id, checkpoint, items, calls, started_at from wecom_sync_run where corp_id = :corp"
				+ " and kind = :kind and status in ('RUNNING', 'INTERRUPTED') order by id desc limit 1")
			.param("kind", KIND)
			.optional((rs, i) -> new SyncRun(rs.getLong("id"), corpId, true, Checkpoint.parse(rs.getString("checkpoint")),
					rs.getLong("items"), rs.getLong("calls"), Timestamps.get(rs, "started_at")));
		if (open.isPresent()) {
			jdbc.sql("update wecom_sync_run set status = 'RUNNING', updated_at = :now where id = :id and corp_id = :corp")
				.param("id", open.get().id)
				.param("now", now())
				.update();
			return open.get();
		}
		java.sql.Timestamp started = now();
		long id = jdbc.sql("insert into wecom_sync_run (corp_id, kind, status, checkpoint, started_at, updated_at)"
				+ " values (:corp, :kind, 'RUNNING', :checkpoint, :now, :now)")
			.param("kind", KIND)
			.param("checkpoint", Checkpoint.start().encode())
			.param("now", started)
			.insert();
		return new SyncRun(id, corpId, false, Checkpoint.start(), 0, 0, started.toInstant());
	}

	/** Stores progress; called in the transaction of the page it follows, so page and checkpoint commit together. */
	void checkpoint(SyncRun run, String holder) {
		int held = jdbc.sql("update wecom_sync_claim set heartbeat_at = :now where corp_id = :corp and holder = :holder")
			.param("holder", holder)
			.param("now", now())
			.update();
		if (held == 0) {
			// another node took the corp over after our heartbeat went stale: this page must not commit
			throw new IllegalStateException("Lost the sync claim of corp " + run.corpId);
		}
		jdbc.sql("update wecom_sync_run set checkpoint = :checkpoint, items = :items, calls = :calls, updated_at = :now"
				+ " where id = :id and corp_id = :corp")
			.param("checkpoint", run.checkpoint.encode())
			.param("items", run.items)
			.param("calls", run.calls)
			.param("id", run.id)
			.param("now", now())
			.update();
	}

	void finish(SyncRun run) {
		end(run, "DONE", null);
	}

	/** Leaves the run resumable: the next run of the corp continues from its checkpoint. */
	void interrupt(SyncRun run, String error) {
		end(run, "INTERRUPTED", error);
	}

	private void end(SyncRun run, String status, String error) {
		jdbc.sql("update wecom_sync_run set status = :status, last_error = :error, errors = errors + :failed,"
				+ " calls = :calls, items = :items, updated_at = :now, finished_at = :finished"
				+ " where id = :id and corp_id = :corp")
			.param("status", status)
			.param("error", error == null ? null : error.substring(0, Math.min(error.length(), 1000)))
			.param("failed", error == null ? 0 : 1)
			.param("calls", run.calls)
			.param("items", run.items)
			.param("now", now())
			.param("finished", status.equals("DONE") ? now() : null)
			.param("id", run.id)
			.update();
	}

	private java.sql.Timestamp now() {
		return Timestamps.of(clock.instant());
	}
}
