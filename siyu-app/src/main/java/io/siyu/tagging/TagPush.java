package io.siyu.tagging;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.WeComException;
import io.siyu.wecom.WeComTags;

/**
 * Pushes catalog changes made in Siyu (rows in state PENDING) to WeCom, after the change committed and again every
 * 30 s for what a crash or a busy WeCom left behind. Each push is idempotent on WeCom's side (a create with an
 * existing name returns that tag; edits and deletes repeat harmlessly), so a push repeated after a crash does no harm.
 * A transient WeCom error leaves the row PENDING for the next round; a refusal marks it FAILED with WeCom's reason.
 */
@Component
class TagPush {

	private static final Logger log = LoggerFactory.getLogger(TagPush.class);

	private static final int UNKNOWN_TAG = 40068;

	private final TenantJdbc jdbc;

	private final WeComTags wecom;

	private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

	private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "tag-push");
		t.setDaemon(true);
		return t;
	});

	private final JdbcClient platform;

	TagPush(TenantJdbc jdbc, JdbcClient platform, WeComTags wecom) {
		this.jdbc = jdbc;
		this.platform = platform;
		this.wecom = wecom;
	}

	@TransactionalEventListener
	void on(TagCatalog.TagCatalogEdited edited) {
		background.execute(() -> push(edited.corpId()));
	}

	@Scheduled(fixedDelayString = "${siyu.tagging.push-sweep:PT30S}", initialDelayString = "PT20S")
	void sweep() {
		for (long corp : pendingCorps()) {
			push(corp);
		}
	}

	/** Pushes every pending change of the corp now, on this thread. Returns how many rows are still pending. */
	int push(long corpId) {
		ReentrantLock lock = locks.computeIfAbsent(corpId, id -> new ReentrantLock());
		if (!lock.tryLock()) {
			return -1; // another thread of this node is pushing the corp
		}
		try {
			return Actors.callAs(Actor.system(corpId), () -> {
				pushGroups(corpId);
				pushTags(corpId);
				return (int) jdbc.sql("select (select count(*) from tag where corp_id = :corp and sync_state = 'PENDING')"
						+ " + (select count(*) from tag_group where corp_id = :corp and sync_state = 'PENDING')").count();
			});
		}
		finally {
			lock.unlock();
		}
	}

	private void pushGroups(long corpId) {
		for (Pending g : pending("tag_group", "0")) {
			attempt("tag_group", g, () -> {
				if (g.deleted()) {
					if (g.wecomId() != null) {
						deleteIgnoringUnknown(corpId, List.of(), List.of(g.wecomId()));
					}
				}
				else if (g.wecomId() == null) {
					List<Pending> tags = jdbc.sql("select id, wecom_id, name, sort_order, group_id, deleted_at is not null,"
							+ " changed_at from tag where corp_id = :corp and group_id = :g and deleted_at is null")
						.param("g", g.id())
						.list((rs, i) -> pendingRow(rs));
					if (tags.isEmpty()) {
						return; // nothing to create: WeCom has no empty groups
					}
					WeComTags.CreatedTags created = wecom.create(corpId, null, g.name(), g.order(),
							tags.stream().map(t -> new WeComTags.NewTag(t.name(), t.order())).toList());
					jdbc.sql("update tag_group set wecom_id = :w where id = :id and corp_id = :corp")
						.param("w", created.groupId()).param("id", g.id()).update();
					for (WeComTags.CreatedTags.Tag t : created.tags()) {
						tags.stream().filter(p -> p.name().equals(t.name())).findFirst().ifPresent(p -> synced("tag", p, t.id()));
					}
				}
				else {
					wecom.edit(corpId, g.wecomId(), g.name(), g.order());
				}
			});
		}
	}

	private void pushTags(long corpId) {
		for (Pending t : pending("tag", "group_id")) {
			String groupWecomId = jdbc.sql("select wecom_id from tag_group where id = :g and corp_id = :corp")
				.param("g", t.groupId()).value(String.class).orElse(null);
			if (groupWecomId == null && !t.deleted()) {
				// WeCom refused the group (e.g. the cap): its tags, created together with it, share the refusal
				String refused = jdbc.sql("select last_error from tag_group where id = :g and corp_id = :corp"
						+ " and sync_state = 'FAILED'").param("g", t.groupId()).value(String.class).orElse(null);
				if (refused != null) {
					jdbc.sql("update tag set sync_state = 'FAILED', last_error = :e where id = :id and corp_id = :corp"
							+ " and changed_at = :changed").param("e", refused).param("id", t.id())
						.param("changed", Timestamps.of(t.changedAt())).update();
					continue;
				}
			}
			attempt("tag", t, () -> {
				if (t.deleted()) {
					if (t.wecomId() != null) {
						deleteIgnoringUnknown(corpId, List.of(t.wecomId()), List.of());
					}
				}
				else if (t.wecomId() == null) {
					if (groupWecomId == null) {
						throw new Deferred(); // its group is created first, with it
					}
					WeComTags.CreatedTags created = wecom.create(corpId, groupWecomId, null, 0,
							List.of(new WeComTags.NewTag(t.name(), t.order())));
					String id = created.tags().stream().filter(c -> c.name().equals(t.name())).map(WeComTags.CreatedTags.Tag::id)
						.findFirst().orElseThrow(() -> new WeComException(-1, "add_corp_tag returned no id for " + t.name(), null));
					jdbc.sql("update tag set wecom_id = :w where id = :id and corp_id = :corp").param("w", id)
						.param("id", t.id()).update();
				}
				else {
					wecom.edit(corpId, t.wecomId(), t.name(), t.order());
				}
			});
		}
	}

	/** Runs one push; records SYNCED, leaves PENDING on a transient error, FAILED with the reason otherwise. */
	private void attempt(String table, Pending row, Runnable push) {
		try {
			push.run();
			synced(table, row, null);
		}
		catch (Deferred later) {
			// stays PENDING
		}
		catch (WeComException e) {
			if (e.isTransient() || e.errcode() == WeComException.CIRCUIT_OPEN || e.errcode() == WeComException.NOT_CONNECTED) {
				log.debug("Tag push of {} {} deferred: {}", table, row.id(), e.getMessage());
				return;
			}
			if (e.errcode() == UNKNOWN_TAG && !row.deleted()) {
				// deleted in WeCom meanwhile: the deletion wins (the next tag list confirms it)
				jdbc.sql("update " + table + " set sync_state = 'SYNCED', last_error = :e where id = :id and corp_id = :corp")
					.param("e", "Deleted in WeCom").param("id", row.id()).update();
				return;
			}
			String reason = e.errcode() == WeComTags.CAP_REACHED
					? "WeCom's limit of " + TagCatalog.CAP + " corp tags is reached (errcode 45035)"
					: e.getMessage();
			jdbc.sql("update " + table + " set sync_state = 'FAILED', last_error = :e where id = :id and corp_id = :corp"
					+ " and changed_at = :changed")
				.param("e", reason.length() > 500 ? reason.substring(0, 500) : reason)
				.param("id", row.id())
				.param("changed", Timestamps.of(row.changedAt()))
				.update();
		}
	}

	/** Marks the row SYNCED unless it was changed again meanwhile (then the newer change is pushed next). */
	private void synced(String table, Pending row, String wecomId) {
		jdbc.sql("update " + table + " set sync_state = 'SYNCED', last_error = null"
				+ (wecomId == null ? "" : ", wecom_id = :w") + " where id = :id and corp_id = :corp and changed_at = :changed")
			.param("w", wecomId)
			.param("id", row.id())
			.param("changed", Timestamps.of(row.changedAt()))
			.update();
	}

	private void deleteIgnoringUnknown(long corpId, List<String> tags, List<String> groups) {
		try {
			wecom.delete(corpId, tags, groups);
		}
		catch (WeComException e) {
			if (e.errcode() != UNKNOWN_TAG) {
				throw e;
			}
		}
	}

	private List<Pending> pending(String table, String groupColumn) {
		return jdbc.sql("select id, wecom_id, name, sort_order, " + groupColumn + ", deleted_at is not null, changed_at"
				+ " from " + table + " where corp_id = :corp and sync_state = 'PENDING' order by id")
			.list((rs, i) -> pendingRow(rs));
	}

	private static Pending pendingRow(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
				rs.getBoolean(6), Timestamps.get(rs, "changed_at"));
	}

	/** Corps with pending rows: a cross-corp read without a tenant (the corps are what we are looking for). */
	private List<Long> pendingCorps() {
		return platform.sql("select distinct corp_id from tag where sync_state = 'PENDING'"
				+ " union select distinct corp_id from tag_group where sync_state = 'PENDING'").query(Long.class).list();
	}

	@PreDestroy
	void stop() {
		background.shutdownNow();
	}

	/** Not now: depends on another push of this round. */
	private static final class Deferred extends RuntimeException {

		Deferred() {
			super(null, null, false, false);
		}
	}

	private record Pending(long id, String wecomId, String name, long order, long groupId, boolean deleted,
			java.time.Instant changedAt) {
	}
}
