package io.siyu.segment;

import java.util.ArrayList;
import java.util.List;

import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.stereotype.Service;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Role.Permission;

/**
 * The segment engine's queries: a condition evaluated over the corp's {@link CorpIndex} (built and kept current by
 * {@link CorpIndexes}), always within the current actor's data scope, under the index's read lock.
 */
@Service
public class SegmentEngine {

	private final CorpIndexes indexes;

	private final Evaluators evaluators;

	SegmentEngine(CorpIndexes indexes, Evaluators evaluators) {
		this.indexes = indexes;
		this.evaluators = evaluators;
	}

	/** Matching customers within the current actor's scope: count and the first {@code sampleSize} ids. */
	public Result run(Expr expr, int sampleSize) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		CorpIndex index = indexes.index(actor.requireCorp());
		long started = System.nanoTime();
		index.lock.readLock().lock();
		try {
			RoaringBitmap result = evaluators.of(index).evaluate(expr, index.scope(actor.scope()));
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
		CorpIndex index = indexes.index(actor.requireCorp());
		index.lock.readLock().lock();
		try {
			return evaluators.of(index).count(expr, index.scope(actor.scope()));
		}
		finally {
			index.lock.readLock().unlock();
		}
	}

	/**
	 * How the condition runs within the current actor's scope, on one thread: an AND's items in the order the engine
	 * runs them, each with the candidates it was given, those it left and its time (a funnel, and where time goes).
	 */
	public List<Step> explain(Expr expr) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		CorpIndex index = indexes.index(actor.requireCorp());
		index.lock.readLock().lock();
		try {
			return evaluators.of(index).explain(expr, index.scope(actor.scope())).stream()
				.map(s -> new Step(s.item(), s.candidates(), s.left(), s.nanos() / 1e6))
				.toList();
		}
		finally {
			index.lock.readLock().unlock();
		}
	}

	/** One step of {@link #explain}: the condition, the candidates before and after it, its time. */
	public record Step(Expr item, long candidates, long left, double millis) {
	}

	/** Ids of every matching customer of the corp (the system's view, for snapshots). */
	List<Long> allMembers(long corpId, Expr expr) {
		CorpIndex index = indexes.index(corpId);
		index.lock.readLock().lock();
		try {
			return index.ids(evaluators.of(index).evaluate(expr));
		}
		finally {
			index.lock.readLock().unlock();
		}
	}

	/** Members of a saved segment within the actor's scope: count and ids from {@code offset}. */
	Result savedMembers(long segmentId, int offset, int limit) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		CorpIndex index = indexes.index(actor.requireCorp());
		index.lock.readLock().lock();
		try {
			RoaringBitmap visible = RoaringBitmap.and(evaluators.savedMembers(index, segmentId),
					index.scope(actor.scope()));
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
		CorpIndex index = indexes.index(Actors.require(Permission.CUSTOMERS_READ).requireCorp());
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
}
