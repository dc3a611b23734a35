package io.siyu.handover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.customer.RelationTransfers;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.CustomerTransferFailed;
import io.siyu.wecom.WeComException;
import io.siyu.wecom.WeComTransfers;

/**
 * Carries transfers out with WeCom. <b>Send</b> (after the start commits, and from a sweep): customers and groups in
 * batches of 100, each batch first marked as sent (WAITING) so that a repeat never starts a customer twice; a transient
 * WeCom failure puts the batch back. <b>Track</b> (scheduled): transfer_result per running transfer; a completed
 * customer moves to the heir in Siyu's relations, a refusal or WeCom's limit is recorded. The transfer_fail callback
 * records a refusal at once. A customer WeCom never heard of (a crash before the call) is sent again.
 */
@Component
class HandoverWorker {

	private static final Logger log = LoggerFactory.getLogger(HandoverWorker.class);

	/** A customer marked as sent that WeCom does not know after this long was not sent (a crash): send again. */
	static final Duration LOST_SEND = Duration.ofMinutes(10);

	private final TenantJdbc jdbc;

	private final JdbcClient platform;

	private final WeComTransfers wecom;

	private final RelationTransfers relations;

	private final HandoverSettings settings;

	private final Clock clock;

	private final TransactionTemplate tx;

	private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

	private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "handover-send");
		t.setDaemon(true);
		return t;
	});

	HandoverWorker(TenantJdbc jdbc, JdbcClient platform, WeComTransfers wecom, RelationTransfers relations,
			HandoverSettings settings, Clock clock, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.platform = platform;
		this.wecom = wecom;
		this.relations = relations;
		this.settings = settings;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactions);
		this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@TransactionalEventListener
	void on(HandoverStarted started) {
		background.execute(() -> {
			try {
				send(started.corpId(), started.handoverId());
			}
			catch (RuntimeException e) {
				log.warn("Transfer {} not fully sent yet: {}", started.handoverId(), e.getMessage());
			}
		});
	}

	/** WeCom's transfer_fail callback, inside the callback's transaction: the customer refused or the heir is full. */
	@EventListener
	void on(CustomerTransferFailed failed) {
		ItemStatus status = "customer_limit_exceed".equals(failed.reason()) ? ItemStatus.TAKEOVER_FULL : ItemStatus.REFUSED;
		Actors.runAs(Actor.system(failed.corpId()), () -> jdbc.sql("update handover_customer set status = :status,"
				+ " updated_at = :now where corp_id = :corp and external_userid = :ext and status = 'WAITING'"
				+ " and handover_id in (select h.id from handover h where h.corp_id = :corp and h.takeover_userid = :userid"
				+ " and h.status = 'RUNNING' and {unscoped})")
			.param("status", status.name())
			.param("now", Timestamps.of(clock.instant()))
			.param("ext", failed.externalUserId())
			.param("userid", failed.userid())
			.update());
	}

	@Scheduled(fixedDelayString = "${siyu.handover.sweep:1m}", initialDelayString = "PT40S")
	void sweep() {
		Instant now = clock.instant();
		platform.sql("select distinct h.corp_id, h.id from handover h where h.status = 'RUNNING' and (exists (select 1"
				+ " from handover_customer i where i.handover_id = h.id and i.status = 'PENDING') or exists (select 1 from"
				+ " handover_group g where g.handover_id = h.id and (g.status = 'PENDING' or (g.status = 'WAITING'"
				+ " and g.updated_at < ?))))")
			.param(Timestamps.of(now.minus(LOST_SEND)))
			.query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }).list()
			.forEach(h -> safely(h[1], () -> send(h[0], h[1])));
		platform.sql("select corp_id, id from handover where status = 'RUNNING' and next_poll_at <= ?")
			.param(Timestamps.of(now))
			.query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }).list()
			.forEach(h -> safely(h[1], () -> poll(h[0], h[1])));
	}

	/** Sends what is not sent yet of one transfer. */
	void send(long corpId, long id) {
		locked(id, () -> Actors.runAs(Actor.system(corpId), () -> {
			Row h = row(id);
			if (h == null || !h.status().equals("RUNNING")) {
				return;
			}
			sendGroups(corpId, id, h);
			sendCustomers(corpId, id, h);
			finishIfSettled(id);
		}));
	}

	/** Asks WeCom how the transfer's waiting customers stand and records it. */
	void poll(long corpId, long id) {
		locked(id, () -> Actors.runAs(Actor.system(corpId), () -> {
			Row h = row(id);
			if (h == null || !h.status().equals("RUNNING")) {
				return;
			}
			Map<String, WeComTransfers.Result> results = new HashMap<>();
			if (h.resigned() || waiting(id) > 0) {
				wecom.results(corpId, h.resigned(), h.from(), h.to()).forEach(r -> results.put(r.externalUserId(), r));
			}
			Instant now = clock.instant();
			for (Item item : waitingItems(id)) {
				WeComTransfers.Result r = results.get(item.ext());
				WeComTransfers.Status s = r == null ? WeComTransfers.Status.NO_RECORD : r.status();
				switch (s) {
					case DONE -> tx.executeWithoutResult(t -> {
						Instant at = r.takeoverAt() == null ? now : r.takeoverAt();
						if (mark(id, item.ext(), ItemStatus.DONE, null, at) == 1) {
							relations.completed(corpId, item.ext(), h.from(), h.to(), at);
						}
					});
					case REFUSED -> mark(id, item.ext(), ItemStatus.REFUSED, null, null);
					case TAKEOVER_FULL -> mark(id, item.ext(), ItemStatus.TAKEOVER_FULL, null, null);
					case WAITING -> {
					}
					case NO_RECORD -> {
						if (item.startedAt() != null && item.startedAt().isBefore(now.minus(LOST_SEND))) {
							mark(id, item.ext(), ItemStatus.PENDING, null, null);
						}
					}
				}
			}
			jdbc.sql("update handover set next_poll_at = :next where id = :id and corp_id = :corp and {unscoped}")
				.param("next", Timestamps.of(now.plus(settings.poll())))
				.param("id", id)
				.update();
			finishIfSettled(id);
		}));
	}

	private void sendCustomers(long corpId, long id, Row h) {
		while (true) {
			List<String> batch = jdbc.sql("select external_userid from handover_customer where corp_id = :corp"
					+ " and handover_id = :h and status = 'PENDING' order by external_userid limit " + WeComTransfers.BATCH)
				.param("h", id)
				.list((rs, i) -> rs.getString(1));
			if (batch.isEmpty()) {
				return;
			}
			Instant now = clock.instant();
			setAll(id, batch, ItemStatus.PENDING, ItemStatus.WAITING, now);
			List<WeComTransfers.Started> started;
			try {
				started = wecom.transferCustomers(corpId, h.resigned(), h.from(), h.to(), batch, h.message());
			}
			catch (WeComException e) {
				if (e.isTransient() || e.errcode() < -1) {
					setAll(id, batch, ItemStatus.WAITING, ItemStatus.PENDING, null);
					throw e;
				}
				batch.forEach(ext -> mark(id, ext, ItemStatus.FAILED, e.errcode(), null));
				continue;
			}
			Map<String, Integer> codes = new HashMap<>();
			started.forEach(s -> codes.put(s.externalUserId(), s.errcode()));
			for (String ext : batch) {
				int code = codes.getOrDefault(ext, -1);
				if (code != 0) {
					mark(id, ext, code == WeComTransfers.OVER_LIMIT ? ItemStatus.OVER_LIMIT : ItemStatus.FAILED, code, null);
				}
			}
		}
	}

	private void sendGroups(long corpId, long id, Row h) {
		Instant stale = clock.instant().minus(LOST_SEND);
		while (true) {
			List<String> batch = jdbc.sql("select chat_id from handover_group where corp_id = :corp and handover_id = :h"
					+ " and (status = 'PENDING' or (status = 'WAITING' and updated_at < :stale)) order by chat_id limit "
					+ WeComTransfers.BATCH)
				.param("h", id)
				.param("stale", Timestamps.of(stale))
				.list((rs, i) -> rs.getString(1));
			if (batch.isEmpty()) {
				return;
			}
			groups(id, batch, ItemStatus.WAITING, null);
			List<WeComTransfers.GroupFailure> failed;
			try {
				failed = wecom.transferGroups(corpId, h.resigned(), batch, h.to());
			}
			catch (WeComException e) {
				if (e.isTransient() || e.errcode() < -1) {
					groups(id, batch, ItemStatus.PENDING, null);
					throw e;
				}
				groups(id, batch, ItemStatus.FAILED, e.errcode());
				continue;
			}
			Map<String, Integer> codes = new HashMap<>();
			failed.forEach(f -> codes.put(f.chatId(), f.errcode()));
			List<String> done = new ArrayList<>(batch);
			done.removeAll(codes.keySet());
			groups(id, done, ItemStatus.DONE, null);
			codes.forEach((chat, code) -> groups(id, List.of(chat), ItemStatus.FAILED, code));
		}
	}

	private void finishIfSettled(long id) {
		jdbc.sql("update handover set status = 'DONE', finished_at = :now where id = :id and corp_id = :corp"
				+ " and status = 'RUNNING' and not exists (select 1 from handover_customer i where i.handover_id = :id"
				+ " and i.status in ('PENDING', 'WAITING')) and not exists (select 1 from handover_group g"
				+ " where g.handover_id = :id and g.status in ('PENDING', 'WAITING')) and {unscoped}")
			.param("now", Timestamps.of(clock.instant()))
			.param("id", id)
			.update();
	}

	private int mark(long id, String ext, ItemStatus status, Integer errcode, Instant doneAt) {
		return jdbc.sql("update handover_customer set status = :status, errcode = :errcode, done_at = :done,"
				+ " updated_at = :now where corp_id = :corp and handover_id = :h and external_userid = :ext"
				+ " and status in ('PENDING', 'WAITING')")
			.param("status", status.name())
			.param("errcode", errcode)
			.param("done", Timestamps.of(doneAt))
			.param("now", Timestamps.of(clock.instant()))
			.param("h", id)
			.param("ext", ext)
			.update();
	}

	private void setAll(long id, List<String> exts, ItemStatus from, ItemStatus to, Instant startedAt) {
		tx.executeWithoutResult(t -> jdbc.sql("update handover_customer set status = :to, started_at = :started,"
				+ " updated_at = :now where corp_id = :corp and handover_id = :h and status = :from"
				+ " and external_userid in (:exts)")
			.param("to", to.name())
			.param("from", from.name())
			.param("started", Timestamps.of(startedAt))
			.param("now", Timestamps.of(clock.instant()))
			.param("h", id)
			.param("exts", exts)
			.update());
	}

	private void groups(long id, List<String> chats, ItemStatus status, Integer errcode) {
		if (chats.isEmpty()) {
			return;
		}
		tx.executeWithoutResult(t -> jdbc.sql("update handover_group set status = :status, errcode = :errcode,"
				+ " updated_at = :now where corp_id = :corp and handover_id = :h and chat_id in (:chats)")
			.param("status", status.name())
			.param("errcode", errcode)
			.param("now", Timestamps.of(clock.instant()))
			.param("h", id)
			.param("chats", chats)
			.update());
	}

	private long waiting(long id) {
		return jdbc.sql("select count(*) from handover_customer where corp_id = :corp and handover_id = :h"
				+ " and status = 'WAITING'").param("h", id).count();
	}

	private List<Item> waitingItems(long id) {
		return jdbc.sql("select external_userid, started_at from handover_customer where corp_id = :corp"
				+ " and handover_id = :h and status = 'WAITING'")
			.param("h", id)
			.list((rs, i) -> new Item(rs.getString(1), Timestamps.get(rs, "started_at")));
	}

	private Row row(long id) {
		return jdbc.sql("select kind, handover_userid, takeover_userid, message, status from handover"
				+ " where id = :id and corp_id = :corp and {unscoped}")
			.param("id", id)
			.optional((rs, i) -> new Row(HandoverKind.valueOf(rs.getString(1)) == HandoverKind.RESIGNED,
					rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
			.orElse(null);
	}

	private void locked(long id, Runnable work) {
		ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
		lock.lock();
		try {
			work.run();
		}
		finally {
			lock.unlock();
		}
	}

	private static void safely(long id, Runnable work) {
		try {
			work.run();
		}
		catch (RuntimeException e) {
			log.warn("Transfer {}: {}", id, e.getMessage());
		}
	}

	@PreDestroy
	void stop() {
		background.shutdownNow();
	}

	private record Row(boolean resigned, String from, String to, String message, String status) {
	}

	private record Item(String ext, Instant startedAt) {
	}
}
