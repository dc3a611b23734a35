package io.siyu.segment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.customer.CustomersChanged;
import io.siyu.organization.OrgUnitsChanged;
import io.siyu.organization.StaffChanged;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.AfterCommit;
import io.siyu.shared.TenantJdbc;

/**
 * The corps' {@link CorpIndex}es: each built from the database on first use (with its saved segments), then kept
 * current by {@link CustomersChanged}, {@link StaffChanged} and {@link OrgUnitsChanged} (after commit, applied by
 * {@link SegmentUpkeep} on one worker thread: customers' facts, new timeline events and the org tree re-read, dynamic
 * segments re-evaluated, announcing
 * {@link SegmentEntered} / {@link SegmentExited}). An index lives in memory only: a new process builds it again.
 */
@Component
class CorpIndexes {

	private static final Logger log = LoggerFactory.getLogger(CorpIndexes.class);

	private final IndexLoader loader;

	private final TenantJdbc jdbc;

	private final Evaluators evaluators;

	private final Map<Long, CompletableFuture<CorpIndex>> corps = new ConcurrentHashMap<>();

	private final SegmentUpkeep upkeep;

	CorpIndexes(IndexLoader loader, TenantJdbc jdbc, Evaluators evaluators, ApplicationEventPublisher events,
			TransactionTemplate tx) {
		this.loader = loader;
		this.jdbc = jdbc;
		this.evaluators = evaluators;
		this.upkeep = new SegmentUpkeep(corps, loader, jdbc, evaluators::of,
				announcements -> tx.executeWithoutResult(status -> announcements.forEach(events::publishEvent)));
	}

	@PreDestroy
	void stop() {
		upkeep.stop();
	}

	/** The corp's index, built now if this is its first use. */
	CorpIndex index(long corpId) {
		CompletableFuture<CorpIndex> mine = new CompletableFuture<>();
		CompletableFuture<CorpIndex> existing = corps.putIfAbsent(corpId, mine);
		if (existing == null) {
			try {
				CorpIndex index = loader.build(corpId);
				loadSaved(index);
				log.info("Segment index of corp {} built in {} ms: {} customers, {} events, {} bytes", corpId,
						index.buildMillis, index.customers(), index.behaviour.events(), index.bytes());
				mine.complete(index);
			}
			catch (RuntimeException e) {
				corps.remove(corpId, mine);
				mine.completeExceptionally(e);
				throw e;
			}
			existing = mine;
		}
		try {
			return existing.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
		catch (ExecutionException e) {
			throw new IllegalStateException("Segment index of corp " + corpId + " failed to build", e.getCause());
		}
	}

	/** The corp's index when it is built and ready, else null (never builds). */
	CorpIndex built(long corpId) {
		CompletableFuture<CorpIndex> existing = corps.get(corpId);
		return existing != null && existing.isDone() && !existing.isCompletedExceptionally() ? existing.join() : null;
	}

	/** Builds the corp's index in the background unless it exists or is being built. */
	void warm(long corpId) {
		if (!corps.containsKey(corpId)) {
			Thread builder = new Thread(() -> {
				try {
					index(corpId);
				}
				catch (RuntimeException e) {
					log.warn("Segment index of corp {} not built in the background: {}", corpId, e.getMessage());
				}
			}, "segment-index-warm-" + corpId);
			builder.setDaemon(true);
			builder.start();
		}
	}

	/** Forgets a corp's index (it is rebuilt from the database on next use). */
	void forget(long corpId) {
		corps.remove(corpId);
	}

	// --- saved segments

	/** A segment saved: a dynamic one evaluated now, a static one's snapshot taken (if the corp's index is built). */
	void saved(long corpId, long id, boolean dynamic, Expr expr, List<Long> snapshot) {
		CorpIndex index = built(corpId);
		if (index == null) {
			return;
		}
		index.lock.writeLock().lock();
		try {
			index.saved.put(id, new CorpIndex.Saved(id, dynamic, expr,
					dynamic ? evaluators.of(index).evaluate(expr) : index.ordinals(snapshot)));
		}
		finally {
			index.lock.writeLock().unlock();
		}
	}

	void removed(long corpId, long id) {
		CorpIndex index = built(corpId);
		if (index != null) {
			index.saved.remove(id);
		}
	}

	private void loadSaved(CorpIndex index) {
		Actors.runAs(Actor.system(index.corpId), () -> {
			Vocabulary stored = StoredVocabulary.of(jdbc);
			Map<Long, Object[]> rows = new LinkedHashMap<>();
			jdbc.sql("select s.id, s.kind, s.expression from segment s where s.corp_id = :corp order by s.id")
				.forEach(rs -> rows.put(rs.getLong(1), new Object[] { rs.getString(2), rs.getString(3) }));
			Map<Long, List<Long>> snapshots = new HashMap<>();
			jdbc.sql("select m.segment_id, m.customer_id from segment_member m where m.corp_id = :corp")
				.forEach(rs -> snapshots.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2)));
			rows.forEach((id, row) -> {
				boolean dynamic = "DYNAMIC".equals(row[0]);
				Expr expr;
				try {
					expr = SegmentJson.read((String) row[1], stored);
				}
				catch (SegmentException e) {
					log.warn("Saved segment {} of corp {} cannot be read ({}); it matches nobody", id, index.corpId,
							e.getMessage());
					expr = new Expr.Tags(Expr.Match.ANY, List.of(-1L));
				}
				index.saved.put(id, new CorpIndex.Saved(id, dynamic, expr,
						dynamic ? null : index.ordinals(snapshots.getOrDefault(id, List.of()))));
			});
			LocalDate today = loader.today();
			Map<Long, String> paths = index.unitPaths;
			for (CorpIndex.Saved s : index.saved.values()) {
				if (s.dynamic) {
					s.members = evaluators.of(index, today).evaluate(s.expr);
				}
			}
			index.settledDay = today.toEpochDay();
			index.settledPaths = paths;
		});
	}

	/** The dynamic segments' members as the index keeps them (ordinals → ids), for tests. */
	Map<Long, List<Long>> dynamicMembers(long corpId) {
		CorpIndex index = index(corpId);
		Map<Long, List<Long>> members = new LinkedHashMap<>();
		index.lock.readLock().lock();
		try {
			index.saved.values().stream().filter(s -> s.dynamic && s.members != null)
				.forEach(s -> members.put(s.id, index.ids(s.members)));
		}
		finally {
			index.lock.readLock().unlock();
		}
		return members;
	}

	// --- keeping current (see SegmentUpkeep)

	// After commit, without an event publication (AfterCommit): the index lives in memory only and a new process
	// builds it from the database on first use, so a change that a crash loses here is read then anyway

	@EventListener
	void on(CustomersChanged changed) {
		AfterCommit.collect(new Changed(changed.corpId()), changed.customerIds(), lists -> {
			// checked after commit: an index whose build began before it is brought up to date by this change
			if (corps.containsKey(changed.corpId())) {
				upkeep.add(changed.corpId(), lists.stream().flatMap(List::stream).distinct().toList(), null);
			}
		});
	}

	/** The key of a transaction's changed customers of one corp. */
	private record Changed(long corpId) {
	}

	@EventListener
	void on(StaffChanged changed) {
		AfterCommit.run(() -> {
			if (corps.containsKey(changed.corpId())) {
				upkeep.add(changed.corpId(), List.of(), changed.staffId());
			}
		});
	}

	@EventListener
	void on(OrgUnitsChanged changed) {
		AfterCommit.run(() -> {
			if (corps.containsKey(changed.corpId())) {
				upkeep.treeChanged(changed.corpId());
			}
		});
	}

	/** True when every change received so far has been applied (tests and benchmarks wait for it). */
	boolean idle() {
		return upkeep.idle();
	}
}
