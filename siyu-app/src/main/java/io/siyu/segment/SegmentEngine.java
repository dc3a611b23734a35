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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.customer.CustomersChanged;
import io.siyu.organization.StaffChanged;
import io.siyu.shared.Actor;
import io.siyu.shared.AfterCommit;
import io.siyu.shared.Actors;
import io.siyu.shared.DataScope;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;

/**
 * The segment engine: one {@link CorpIndex} per corp, built from the database on first use, then kept current by
 * {@link CustomersChanged} and {@link StaffChanged} (after commit, applied by {@link SegmentUpkeep} on one worker thread:
 * customers' facts and new timeline events re-read, dynamic segments re-evaluated, announcing {@link SegmentEntered} /
 * {@link SegmentExited}). Answers are always limited to the actor's data scope.
 */
@Service
public class SegmentEngine {

	private static final Logger log = LoggerFactory.getLogger(SegmentEngine.class);

	private static final int MAX_SEGMENT_DEPTH = 8;

	private final IndexLoader loader;

	private final SegmentSettings settings;

	private final TenantJdbc jdbc;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	private final Map<Long, CompletableFuture<CorpIndex>> corps = new ConcurrentHashMap<>();

	private final SegmentUpkeep upkeep;

	/** Helper threads for large queries (the caller's thread is one of {@link SegmentSettings#threads}); null for 1. */
	private final ExecutorService helpers;

	SegmentEngine(IndexLoader loader, SegmentSettings settings, TenantJdbc jdbc, ApplicationEventPublisher events,
			TransactionTemplate tx) {
		this.loader = loader;
		this.settings = settings;
		this.jdbc = jdbc;
		this.events = events;
		this.tx = tx;
		int threads = settings.threads();
		this.helpers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
			Thread t = new Thread(r, "segment-query");
			t.setDaemon(true);
			return t;
		});
		this.upkeep = new SegmentUpkeep(corps, loader, jdbc, (index, today) -> evaluator(index, 0, today),
				announcements -> tx.executeWithoutResult(status -> announcements.forEach(events::publishEvent)));
	}

	@PreDestroy
	void stop() {
		upkeep.stop();
		if (helpers != null) {
			helpers.shutdownNow();
		}
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

	/** The org units' paths, fresh from the database (units move rarely; a read per call is cheap). */
	void refreshUnitPaths(CorpIndex index) {
		index.unitPaths = Actors.callAs(Actor.system(index.corpId), loader::unitPaths);
	}

	/** The current actor's visible customers in the index (a new bitmap). */
	static RoaringBitmap visible(CorpIndex index, DataScope scope) {
		return RoaringBitmap.and(scope(index, scope), index.alive);
	}

	/** Matching customers within the current actor's scope: count and the first {@code sampleSize} ids. */
	public Result run(Expr expr, int sampleSize) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		CorpIndex index = index(actor.requireCorp());
		index.unitPaths = Actors.callAs(Actor.system(actor.requireCorp()), loader::unitPaths);
		long started = System.nanoTime();
		index.lock.readLock().lock();
		try {
			RoaringBitmap result = evaluator(index, 0).evaluate(expr, scope(index, actor.scope()));
			List<Long> sample = new ArrayList<>();
			IntIterator it = result.getIntIterator();
			while (it.hasNext() && sample.size() < sampleSize) {
				sample.add(index.ordinals.id(it.next()));
			}
			return new Result(result.getCardinality(), sample, (System.nanoTime() - started) / 1e6);
		}
		finally {
			index.lock.readLock().unlock();
		}
	}

	/** The number of matching customers within the current actor's scope (the result is not built where avoidable). */
	public long count(Expr expr) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		CorpIndex index = index(actor.requireCorp());
		index.lock.readLock().lock();
		try {
			return evaluator(index, 0).count(expr, scope(index, actor.scope()));
		}
		finally {
			index.lock.readLock().unlock();
		}
	}

	/** Ids of every matching customer of the corp (the system's view, for snapshots). */
	List<Long> allMembers(long corpId, Expr expr) {
		CorpIndex index = index(corpId);
		index.lock.readLock().lock();
		try {
			return ids(index, evaluator(index, 0).evaluate(expr));
		}
		finally {
			index.lock.readLock().unlock();
		}
	}

	/** Members of a saved segment within the actor's scope: count and ids from {@code offset}. */
	Result savedMembers(long segmentId, int offset, int limit) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		CorpIndex index = index(actor.requireCorp());
		index.lock.readLock().lock();
		try {
			RoaringBitmap members = segmentMembers(index, segmentId, 0);
			RoaringBitmap visible = RoaringBitmap.and(members, scope(index, actor.scope()));
			List<Long> ids = new ArrayList<>();
			IntIterator it = visible.getIntIterator();
			int skipped = 0;
			while (it.hasNext() && ids.size() < limit) {
				int ord = it.next();
				if (skipped++ >= offset) {
					ids.add(index.ordinals.id(ord));
				}
			}
			return new Result(visible.getCardinality(), ids, 0);
		}
		finally {
			index.lock.readLock().unlock();
		}
	}

	/** Index figures for the corp: customers, heap bytes, build time, events. */
	public IndexStats stats() {
		CorpIndex index = index(Actors.require(Permission.CUSTOMERS_READ).requireCorp());
		index.lock.readLock().lock();
		try {
			int customers = index.customers();
			long bytes = index.bytes();
			return new IndexStats(customers, bytes, customers == 0 ? 0 : bytes / (double) customers, index.buildMillis,
					index.behaviour.events(), index.tags.size());
		}
		finally {
			index.lock.readLock().unlock();
		}
	}

	/** Figures of a corp's index. */
	public record IndexStats(int customers, long bytes, double bytesPerCustomer, long buildMillis, long events, int tags) {
	}

	/** Matching customers: how many, and some ids. */
	public record Result(long count, List<Long> ids, double millis) {
	}

	// --- saved segments

	void saved(long corpId, long id, boolean dynamic, Expr expr, List<Long> snapshot) {
		CompletableFuture<CorpIndex> future = corps.get(corpId);
		if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
			return;
		}
		CorpIndex index = future.join();
		index.lock.writeLock().lock();
		try {
			RoaringBitmap members = dynamic ? evaluator(index, 0).evaluate(expr) : ordinals(index, snapshot);
			index.saved.put(id, new CorpIndex.Saved(id, dynamic, expr, members));
		}
		finally {
			index.lock.writeLock().unlock();
		}
	}

	void removed(long corpId, long id) {
		CompletableFuture<CorpIndex> future = corps.get(corpId);
		if (future != null && future.isDone() && !future.isCompletedExceptionally()) {
			future.join().saved.remove(id);
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
						dynamic ? null : ordinals(index, snapshots.getOrDefault(id, List.of()))));
			});
			LocalDate today = loader.today();
			Map<Long, String> paths = index.unitPaths;
			for (CorpIndex.Saved s : index.saved.values()) {
				if (s.dynamic) {
					s.members = evaluator(index, 0, today).evaluate(s.expr);
				}
			}
			index.settledDay = today.toEpochDay();
			index.settledPaths = paths;
		});
	}

	private RoaringBitmap segmentMembers(CorpIndex index, long id, int depth) {
		return segmentMembers(index, id, depth, null, loader.today());
	}

	/** A saved segment's members; a dynamic one's evaluated among {@code within} only, when given. */
	private RoaringBitmap segmentMembers(CorpIndex index, long id, int depth, RoaringBitmap within, LocalDate today) {
		if (depth > MAX_SEGMENT_DEPTH) {
			throw new SegmentException("segment #" + id, "segments refer to each other too deeply (or in a cycle)");
		}
		CorpIndex.Saved s = index.saved.get(id);
		if (s == null) {
			return new RoaringBitmap();
		}
		if (!s.dynamic) {
			return s.members;
		}
		Evaluator evaluator = evaluator(index, depth + 1, today);
		return within == null ? evaluator.evaluate(s.expr) : evaluator.evaluate(s.expr, within);
	}

	private Evaluator evaluator(CorpIndex index, int depth) {
		return evaluator(index, depth, loader.today());
	}

	private Evaluator evaluator(CorpIndex index, int depth, LocalDate today) {
		Evaluator.SegmentLookup segments = (id, within) -> segmentMembers(index, id, depth, within, today);
		// nested segments are evaluated on the thread that asks for them (a helper waiting for helpers could starve)
		return depth == 0 ? new Evaluator(index, today, settings.orderKind(), segments, helpers, settings.threads())
				: new Evaluator(index, today, settings.orderKind(), segments);
	}

	private static RoaringBitmap scope(CorpIndex index, DataScope scope) {
		if (scope instanceof DataScope.OwnRows own) {
			return index.staffAny.getOrDefault(own.staffId(), new RoaringBitmap());
		}
		if (scope instanceof DataScope.Subtree subtree) {
			return subtree(index, subtree.rootUnitId());
		}
		return index.alive;
	}

	/** Customers with a relation (any) to staff of the unit or a unit below it (a new bitmap). */
	static RoaringBitmap subtree(CorpIndex index, long unitId) {
		RoaringBitmap r = new RoaringBitmap();
		String prefix = index.unitPaths.get(unitId);
		if (prefix == null) {
			return r;
		}
		index.unitPaths.forEach((unit, path) -> {
			if (path.startsWith(prefix)) {
				RoaringBitmap b = index.unitAny.get(unit);
				if (b != null) {
					r.or(b);
				}
			}
		});
		return r;
	}

	private static RoaringBitmap ordinals(CorpIndex index, List<Long> ids) {
		RoaringBitmap r = new RoaringBitmap();
		for (Long id : ids) {
			int ord = index.ordinal(id);
			if (ord >= 0) {
				r.add(ord);
			}
		}
		return r;
	}

	static List<Long> ids(CorpIndex index, RoaringBitmap ords) {
		List<Long> ids = new ArrayList<>(ords.getCardinality());
		ords.forEach((int ord) -> ids.add(index.ordinals.id(ord)));
		return ids;
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

	/** True when every change received so far has been applied (tests and benchmarks wait for it). */
	boolean idle() {
		return upkeep.idle();
	}

	/** The dynamic segments' members as the engine keeps them (ordinals → ids), for tests. */
	Map<Long, List<Long>> dynamicMembers(long corpId) {
		CorpIndex index = index(corpId);
		Map<Long, List<Long>> members = new LinkedHashMap<>();
		index.lock.readLock().lock();
		try {
			index.saved.values().stream().filter(s -> s.dynamic && s.members != null)
				.forEach(s -> members.put(s.id, ids(index, s.members)));
		}
		finally {
			index.lock.readLock().unlock();
		}
		return members;
	}

	/** Forgets a corp's index (it is rebuilt from the database on next use). */
	void forget(long corpId) {
		corps.remove(corpId);
	}

}
