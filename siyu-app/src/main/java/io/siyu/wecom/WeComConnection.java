package io.siyu.wecom;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.siyu.shared.Actors;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.sync.SyncResult;
import io.siyu.wecom.sync.WeComSync;

/** What the rest of Siyu may ask of a corp's WeCom connection, in Siyu's terms: sync it, and how the last sync went. */
@Service
public class WeComConnection {

	private static final Logger log = LoggerFactory.getLogger(WeComConnection.class);

	private final WeComSync sync;

	private final TenantJdbc jdbc;

	/** One background sync at a time per node; the claim table keeps nodes from syncing the same corp twice. */
	private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "wecom-sync");
		t.setDaemon(true);
		return t;
	});

	WeComConnection(WeComSync sync, TenantJdbc jdbc) {
		this.sync = sync;
		this.jdbc = jdbc;
	}

	/** Starts a full sync of the current corp in the background (it resumes an interrupted one). */
	public void syncNow() {
		long corp = Actors.require(Permission.SETTINGS_MANAGE).requireCorp();
		syncInBackground(corp);
	}

	/** For system callers (demo mode, start-up): a full sync of the corp in the background. */
	public void syncInBackground(long corpId) {
		background.execute(() -> {
			try {
				SyncResult result = sync.run(corpId);
				log.info("WeCom sync of corp {}: {}", corpId, result);
			}
			catch (RuntimeException e) {
				log.warn("WeCom sync of corp {} failed; the next run resumes it", corpId, e);
			}
		});
	}

	/** The latest sync run of the current corp. */
	public Optional<SyncStatus> lastSync() {
		return jdbc.sql("select id, status, checkpoint, items, calls, errors, last_error, started_at, updated_at,"
				+ " finished_at from wecom_sync_run where corp_id = :corp order by id desc limit 1")
			.optional((rs, i) -> new SyncStatus(rs.getLong("id"), rs.getString("status"), phase(rs.getString("checkpoint")),
					rs.getLong("items"), rs.getLong("calls"), rs.getLong("errors"), rs.getString("last_error"),
					Timestamps.get(rs, "started_at"), Timestamps.get(rs, "updated_at"), Timestamps.get(rs, "finished_at")));
	}

	private static String phase(String checkpoint) {
		if (checkpoint == null || checkpoint.isEmpty()) {
			return null;
		}
		int end = checkpoint.indexOf(':');
		return end < 0 ? checkpoint : checkpoint.substring(0, end);
	}

	@PreDestroy
	void stop() {
		background.shutdownNow();
	}
}
