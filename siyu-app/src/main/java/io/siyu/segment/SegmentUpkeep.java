package io.siyu.segment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;

/**
 * Keeps the built indexes of {@link CorpIndexes} current, on one worker thread: changed customers' facts and new
 * timeline events are re-read in batches, the day rolls the window totals, and dynamic segments are re-evaluated —
 * for the changed customers only while the day and the org tree stay the same — announcing {@link SegmentEntered} /
 * {@link SegmentExited} in a transaction of the corp's system actor.
 */
final class SegmentUpkeep {

	private static final Logger log = LoggerFactory.getLogger(SegmentUpkeep.class);

	private final Map<Long, CompletableFuture<CorpIndex>> corps;

	private final IndexLoader loader;

	private final TenantJdbc jdbc;

	private final BiFunction<CorpIndex, LocalDate, Evaluator> evaluators;

	private final Consumer<List<Object>> announce;

	private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();

	private final Thread worker;

	private volatile boolean running = true;

	/** Changes received and not yet applied (or deferred while their corp's index builds). */
	private final AtomicLong pending = new AtomicLong();

	private long rolledDay = Long.MIN_VALUE;

	/**
	 * @param corps the engine's indexes (shared: the worker clears them when an update fails, so they are rebuilt)
	 * @param evaluators an evaluator of an index for a day
	 * @param announce publishes segment events, called as the corp's system actor
	 */
	SegmentUpkeep(Map<Long, CompletableFuture<CorpIndex>> corps, IndexLoader loader, TenantJdbc jdbc,
			BiFunction<CorpIndex, LocalDate, Evaluator> evaluators, Consumer<List<Object>> announce) {
		this.corps = corps;
		this.loader = loader;
		this.jdbc = jdbc;
		this.evaluators = evaluators;
		this.announce = announce;
		this.worker = new Thread(this::work, "segment-index");
		this.worker.setDaemon(true);
		this.worker.start();
	}

	void stop() {
		running = false;
		worker.interrupt();
	}

	/** Queues a change: these customers, or every customer of this staff member (when not null). */
	void add(long corpId, List<Long> customerIds, Long staffId) {
		pending.incrementAndGet();
		changes.add(new Change(corpId, customerIds, staffId, false));
	}

	/** Queues a change of the corp's org tree: its units' paths are read again (and subtrees follow them). */
	void treeChanged(long corpId) {
		pending.incrementAndGet();
		changes.add(new Change(corpId, List.of(), null, true));
	}

	/** True when every change received so far has been applied. */
	boolean idle() {
		return pending.get() == 0;
	}

	private void work() {
		List<Change> deferred = new ArrayList<>();
		while (running) {
			try {
				Change first = changes.poll(deferred.isEmpty() ? 1000 : 50, TimeUnit.MILLISECONDS);
				List<Change> batch = new ArrayList<>(deferred);
				deferred.clear();
				if (first != null) {
					batch.add(first);
					changes.drainTo(batch, 10_000);
				}
				try {
					applyAll(batch, deferred);
				}
				finally {
					pending.addAndGet(-(batch.size() - deferred.size()));
				}
			}
			catch (InterruptedException e) {
				return;
			}
			catch (RuntimeException e) {
				log.error("Segment index update failed; the corp's index will be rebuilt on next use", e);
				corps.clear();
			}
		}
	}

	/** Applies a batch of changes by corp; those of corps whose index is still being built go to {@code deferred}. */
	private void applyAll(List<Change> batch, List<Change> deferred) {
		Map<Long, Set<Long>> byCorp = new LinkedHashMap<>();
		Map<Long, Set<Long>> staffByCorp = new HashMap<>();
		// corps whose org tree is read again, once per batch: a sync that creates many units sends a change per unit
		Set<Long> trees = new HashSet<>();
		for (Change c : batch) {
			CompletableFuture<CorpIndex> future = corps.get(c.corpId);
			if (future == null || future.isCompletedExceptionally()) {
				continue;
			}
			if (!future.isDone()) {
				deferred.add(c);
				continue;
			}
			byCorp.computeIfAbsent(c.corpId, k -> new HashSet<>()).addAll(c.customerIds);
			if (c.tree || c.staffId != null) {
				// staff who moved take their customers to another unit as well
				trees.add(c.corpId);
			}
			if (c.staffId != null) {
				staffByCorp.computeIfAbsent(c.corpId, k -> new HashSet<>()).add(c.staffId);
			}
		}
		for (Long corp : trees) {
			corps.get(corp).join().unitPaths = Actors.callAs(Actor.system(corp), loader::unitPaths);
		}
		staffByCorp.forEach((corp, staff) -> byCorp.computeIfAbsent(corp, k -> new HashSet<>())
			.addAll(customersOf(corp, staff)));
		byCorp.forEach(this::apply);
		roll();
	}

	/**
	 * On a new day, moves the built indexes' window totals and added windows to it (they would otherwise move on first
	 * query) and re-evaluates their dynamic segments whole (windows moved for everyone).
	 */
	private void roll() {
		long today = loader.today().toEpochDay();
		if (today == rolledDay) {
			return;
		}
		rolledDay = today;
		for (CompletableFuture<CorpIndex> future : corps.values()) {
			if (future.isDone() && !future.isCompletedExceptionally()) {
				CorpIndex index = future.join();
				index.lock.readLock().lock();
				try {
					index.roll(today);
				}
				finally {
					index.lock.readLock().unlock();
				}
				settle(index, new RoaringBitmap());
			}
		}
	}

	private List<Long> customersOf(long corpId, Set<Long> staff) {
		return Actors.callAs(Actor.system(corpId), () -> {
			List<Long> ids = new ArrayList<>();
			jdbc.sql("select distinct f.customer_id from customer_follow f where f.corp_id = :corp and f.staff_id in (:staff)"
					+ " and " + TenantJdbc.UNSCOPED).param("staff", List.copyOf(staff)).forEach(rs -> ids.add(rs.getLong(1)));
			return ids;
		});
	}

	private void apply(long corpId, Set<Long> customerIds) {
		CorpIndex index = corps.get(corpId).join();
		if (!customerIds.isEmpty()) {
			loader.refresh(index, List.copyOf(customerIds));
		}
		RoaringBitmap changed = new RoaringBitmap();
		for (Long id : customerIds) {
			int ord = index.ordinal(id);
			if (ord >= 0) {
				changed.add(ord);
			}
		}
		settle(index, changed);
	}

	/**
	 * Brings the dynamic segments' members up to date and announces who entered and exited. A customer's membership
	 * depends only on their own facts, the day (windows) and the org tree (subtrees), so while the day and the tree are
	 * those of the last pass only the {@code changed} customers are re-evaluated (a change costs microseconds per
	 * segment, not a pass over the corp); otherwise every segment is evaluated whole.
	 */
	private void settle(CorpIndex index, RoaringBitmap changed) {
		LocalDate today = loader.today();
		Map<Long, String> paths = index.unitPaths;
		boolean whole = today.toEpochDay() != index.settledDay || !paths.equals(index.settledPaths);
		if (!whole && changed.isEmpty()) {
			return;
		}
		List<Object> announcements = new ArrayList<>();
		index.lock.readLock().lock();
		try {
			Evaluator evaluator = evaluators.apply(index, today);
			for (CorpIndex.Saved s : index.saved.values()) {
				if (!s.dynamic) {
					continue;
				}
				RoaringBitmap before = s.members == null ? new RoaringBitmap() : s.members;
				RoaringBitmap entered;
				RoaringBitmap exited;
				if (whole || s.members == null) {
					RoaringBitmap now = evaluator.evaluate(s.expr);
					entered = RoaringBitmap.andNot(now, before);
					exited = RoaringBitmap.andNot(before, now);
					s.members = now;
				}
				else {
					RoaringBitmap in = evaluator.evaluate(s.expr, changed);
					entered = RoaringBitmap.andNot(in, before);
					exited = RoaringBitmap.andNot(RoaringBitmap.and(before, changed), in);
					before.andNot(changed);
					before.or(in);
				}
				if (!entered.isEmpty()) {
					announcements.add(new SegmentEntered(index.corpId, s.id, index.ids(entered)));
				}
				if (!exited.isEmpty()) {
					announcements.add(new SegmentExited(index.corpId, s.id, index.ids(exited)));
				}
			}
			index.settledDay = today.toEpochDay();
			index.settledPaths = paths;
		}
		finally {
			index.lock.readLock().unlock();
		}
		if (!announcements.isEmpty()) {
			Actors.runAs(Actor.system(index.corpId), () -> announce.accept(announcements));
		}
	}

	private record Change(long corpId, List<Long> customerIds, Long staffId, boolean tree) {
	}

}
