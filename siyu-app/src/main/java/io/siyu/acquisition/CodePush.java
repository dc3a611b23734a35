package io.siyu.acquisition;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.AfterCommit;
import io.siyu.shared.RuleViolationException;
import io.siyu.shared.TenantJdbc;
import io.siyu.wecom.WeComContactWays;
import io.siyu.wecom.WeComException;

import jakarta.annotation.PreDestroy;

/**
 * Keeps WeCom's contact ways in line with the rotation: after each add (the member behind the code moves on), after an
 * edit, and every minute (shifts begin and end, caps reset at midnight, a failed push is retried). WeCom is only asked
 * when the members or skip_verify really change. The QR code never changes.
 */
@Component
class CodePush {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private static final Logger log = LoggerFactory.getLogger(CodePush.class);

	private final TenantJdbc jdbc;

	private final CodeStore store;

	private final WeComContactWays wecom;

	private final TransactionTemplate tx;

	private final JdbcClient platform;

	private final Clock clock;

	private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

	/** Codes whose push after an arrival is queued and has not started: a burst of arrivals needs one push each. */
	private final Set<Long> queued = ConcurrentHashMap.newKeySet();

	private final ExecutorService background = Executors.newFixedThreadPool(2, r -> {
		Thread t = new Thread(r, "acq-code-push");
		t.setDaemon(true);
		return t;
	});

	CodePush(TenantJdbc jdbc, CodeStore store, WeComContactWays wecom, TransactionTemplate tx, JdbcClient platform,
			Clock clock) {
		this.jdbc = jdbc;
		this.store = store;
		this.wecom = wecom;
		this.tx = tx;
		this.platform = platform;
		this.clock = clock;
	}

	/** Who should be behind the code now. Links have no rotation: WeCom spreads over the primary members. */
	Assignment assignment(CodeStore.Row row) {
		CodeRules rules = store.rules(row);
		LocalDateTime local = LocalDateTime.ofInstant(clock.instant(), CHINA);
		if (row.kind() == CodeKind.LINK) {
			return new Assignment(rules.members().stream().filter(m -> !m.backup()).map(CodeRules.Member::userid).toList(),
					rules.autoAccept().at(local.toLocalTime()), Assignment.Duty.PRIMARY);
		}
		return RotationEngine.assign(rules, store.addsOn(row.id(), local.toLocalDate()), row.cursor(), local);
	}

	/** Creates the contact way (or link) of a new code; WeCom's cap (45035) undoes the code and is a 422. */
	void createInWeCom(long corpId, long id) {
		Actors.runAs(Actor.system(corpId), () -> withLock(id, () -> {
			CodeStore.Row row = store.require(id);
			if (row.wecomId() != null || row.status() == CodeStatus.RETIRED) {
				return;
			}
			Assignment a = assignment(row);
			try {
				WeComContactWays.Way way = row.kind() == CodeKind.LINK
						? wecom.createLink(corpId, remark(row.name()), a.userids(), a.skipVerify())
						: wecom.create(corpId, a.userids(), a.skipVerify(), row.state(), remark(row.name()));
				String linkUrl = row.kind() == CodeKind.LINK ? way.url() + (way.url().contains("?") ? "&" : "?")
						+ "customer_channel=" + row.state() : null;
				tx.executeWithoutResult(s -> jdbc.sql("update acq_code set wecom_id = :w, qr_url = :qr, link_url = :link,"
						+ " pushed_users = :users, pushed_skip = :skip, sync_error = null where id = :id and corp_id = :corp and {scope:unit_id,-}")
					.param("w", way.id())
					.param("qr", row.kind() == CodeKind.LINK ? null : way.url())
					.param("link", linkUrl)
					.param("users", String.join(",", a.userids()))
					.param("skip", a.skipVerify())
					.param("id", id)
					.update());
			}
			catch (WeComException e) {
				if (e.errcode() == WeComContactWays.CAP_REACHED) {
					tx.executeWithoutResult(s -> {
						for (String table : List.of("acq_code_staff", "acq_code_shift", "acq_code_holiday")) {
							jdbc.sql("delete from " + table + " where corp_id = :corp and code_id = :id").param("id", id).update();
						}
						jdbc.sql("delete from acq_code where id = :id and corp_id = :corp and {scope:unit_id,-}").param("id", id).update();
					});
					throw new RuleViolationException("error.acq.wecomQuota",
							"WeCom refused a new contact way: the corp's limit is reached (45035)");
				}
				failed(id, e);
			}
		}));
	}

	/** Moves the members / skip_verify of the code's way in WeCom if the rotation wants others now. */
	void push(long corpId, long id) {
		Actors.runAs(Actor.system(corpId), () -> withLock(id, () -> {
			CodeStore.Row row = store.find(id).orElse(null);
			if (row == null || row.status() == CodeStatus.RETIRED) {
				return;
			}
			if (row.wecomId() == null) {
				createInWeCom(corpId, id);
				return;
			}
			Assignment a = assignment(row);
			if (row.status() == CodeStatus.PAUSED
					|| (a.userids().equals(row.pushedUsers()) && Boolean.valueOf(a.skipVerify()).equals(row.pushedSkip()))) {
				return;
			}
			try {
				if (row.kind() == CodeKind.LINK) {
					wecom.updateLink(corpId, row.wecomId(), remark(row.name()), a.userids(), a.skipVerify());
				}
				else {
					wecom.update(corpId, row.wecomId(), a.userids(), a.skipVerify(), remark(row.name()));
				}
				tx.executeWithoutResult(s -> jdbc.sql("update acq_code set pushed_users = :users, pushed_skip = :skip,"
						+ " sync_error = null where id = :id and corp_id = :corp and {scope:unit_id,-}")
					.param("users", String.join(",", a.userids()))
					.param("skip", a.skipVerify())
					.param("id", id)
					.update());
			}
			catch (WeComException e) {
				failed(id, e);
			}
		}));
	}

	void deleteInWeCom(long corpId, CodeStore.Row row) {
		if (row.wecomId() == null) {
			return;
		}
		withLock(row.id(), () -> {
			if (row.kind() == CodeKind.LINK) {
				wecom.deleteLink(corpId, row.wecomId());
			}
			else {
				wecom.delete(corpId, row.wecomId());
			}
		});
	}

	/**
	 * After commit, without an event publication (AfterCommit): the push runs in the background and the reconcile below
	 * makes good a push that failed or that a crash lost.
	 */
	@EventListener
	void on(ArrivalRecorded recorded) {
		AfterCommit.run(() -> {
			if (!queued.add(recorded.codeId())) {
				return; // a push of this code waits to start: it reads this arrival too
			}
			try {
				background.execute(() -> {
					queued.remove(recorded.codeId());
					try {
						push(recorded.corpId(), recorded.codeId());
					}
					catch (RuntimeException e) {
						log.warn("Push of code {} failed: {}", recorded.codeId(), e.getMessage());
					}
				});
			}
			catch (RuntimeException e) {
				queued.remove(recorded.codeId());
				throw e;
			}
		});
	}

	@Scheduled(fixedDelayString = "${siyu.acquisition.reconcile:60s}", initialDelayString = "PT15S")
	void reconcile() {
		List<long[]> codes = platform.sql("select corp_id, id from acq_code where status = 'ACTIVE'")
			.query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.list();
		for (long[] c : codes) {
			try {
				push(c[0], c[1]);
			}
			catch (RuntimeException e) {
				log.debug("Reconcile of code {} failed: {}", c[1], e.getMessage());
			}
		}
	}

	private void failed(long id, WeComException e) {
		log.info("WeCom refused code {}: {}", id, e.getMessage());
		String msg = e.getMessage().length() > 500 ? e.getMessage().substring(0, 500) : e.getMessage();
		tx.executeWithoutResult(s -> jdbc.sql("update acq_code set sync_error = :e where id = :id and corp_id = :corp and {scope:unit_id,-}")
			.param("e", msg)
			.param("id", id)
			.update());
	}

	private void withLock(long id, Runnable work) {
		ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
		lock.lock();
		try {
			work.run();
		}
		finally {
			lock.unlock();
		}
	}

	/** WeCom keeps at most 30 characters of a remark. */
	static String remark(String name) {
		return name.length() <= 30 ? name : name.substring(0, 30);
	}

	@PreDestroy
	void stop() {
		background.shutdownNow();
	}

	record ArrivalRecorded(long corpId, long codeId) {
	}
}
