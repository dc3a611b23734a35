package io.siyu.segment;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.roaringbitmap.RoaringBitmap;
import org.springframework.stereotype.Component;

import io.siyu.customer.CustomerFilter;
import io.siyu.customer.CustomerListIndex;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;

/**
 * The customer list of a large corp answered from the segment engine's bitmaps: the filter (tags any/all/none, staff,
 * store or region, channel, stage, added dates) and the actor's scope become one bitmap, whose cardinality is the
 * count; the page's candidates are the matching customers added on or after the latest day that still leaves enough of
 * them for the requested page (found by a galloping search on the bit-sliced "added" index), so the database only
 * sorts a day or two of customers instead of the corp. Text search, the other orders and the active/lost status are
 * left to SQL.
 */
@Component
class IndexedCustomerList implements CustomerListIndex {

	/** Above this many candidates the database is asked instead (a page deep into a huge day). */
	static final int MAX_CANDIDATES = 20_000;

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private final CorpIndexes indexes;

	private final SegmentSettings settings;

	private final IndexLoader loader;

	IndexedCustomerList(CorpIndexes indexes, SegmentSettings settings, IndexLoader loader) {
		this.indexes = indexes;
		this.settings = settings;
		this.loader = loader;
	}

	@Override
	public void warm(long corpId) {
		indexes.warm(corpId);
	}

	@Override
	public Optional<Candidates> candidates(CustomerFilter filter, int offset, int limit) {
		boolean dates = filter.addedFrom() != null || filter.addedTo() != null;
		if ((filter.q() != null && !filter.q().isBlank()) || filter.sort() != CustomerFilter.Sort.ADDED_DESC
				|| filter.status() != null || (dates && !CHINA.equals(settings.zone()))) {
			return Optional.empty();
		}
		Actor actor = Actors.require();
		CorpIndex index = indexes.built(actor.requireCorp());
		if (index == null) {
			return Optional.empty();
		}
		index.lock.readLock().lock();
		try {
			RoaringBitmap m = index.visible(actor.scope());
			if (!filter.tagsAny().isEmpty()) {
				m.and(union(index, filter.tagsAny()));
			}
			for (Long tag : filter.tagsAll()) {
				m.and(index.tags.getOrDefault(tag, new RoaringBitmap()));
			}
			if (!filter.tagsNone().isEmpty()) {
				m.andNot(union(index, filter.tagsNone()));
			}
			if (filter.staffId() != null) {
				m.and(index.staffAny.getOrDefault(filter.staffId(), new RoaringBitmap()));
			}
			if (filter.unitId() != null) {
				m.and(index.subtree(filter.unitId()));
			}
			if (filter.state() != null && !filter.state().isBlank()) {
				m.and(index.channels.getOrDefault(filter.state().trim(), new RoaringBitmap()));
			}
			if (filter.stage() != null) {
				m.and(index.stages.getOrDefault(filter.stage().name(), new RoaringBitmap()));
			}
			if (filter.addedFrom() != null) {
				m.and(index.added.compare(Expr.Cmp.GE, Codes.day(filter.addedFrom())));
			}
			if (filter.addedTo() != null) {
				m.and(index.added.compare(Expr.Cmp.LE, Codes.day(filter.addedTo())));
			}
			long total = m.getLongCardinality();
			long wanted = (long) offset + limit;
			RoaringBitmap candidates;
			if (RoaringBitmap.andCardinality(m, index.added.exists()) < wanted) {
				candidates = m; // the page reaches the customers without an add date (listed last): all of them
			}
			else {
				candidates = RoaringBitmap.and(m, index.added.compare(Expr.Cmp.GE, latestDay(index, m, wanted)));
			}
			if (candidates.getLongCardinality() > MAX_CANDIDATES) {
				return Optional.empty();
			}
			List<Long> ids = new ArrayList<>(candidates.getCardinality());
			candidates.forEach((int ord) -> ids.add(index.ordinals.id(ord)));
			return Optional.of(new Candidates(total, ids));
		}
		finally {
			index.lock.readLock().unlock();
		}
	}

	/** The latest day D with at least {@code wanted} of {@code m} added on or after D (exists: checked by the caller). */
	private long latestDay(CorpIndex index, RoaringBitmap m, long wanted) {
		long hi = Codes.day(loader.today().plusDays(2)); // too late: fewer than wanted on or after it
		long step = 1;
		long lo = hi - step;
		while (lo > 0 && count(index, m, lo) < wanted) {
			hi = lo;
			step *= 2;
			lo = Math.max(0, hi - step);
		}
		// count(lo) >= wanted (or lo = 0, where every dated customer counts), count(hi) < wanted
		while (hi - lo > 1) {
			long mid = lo + (hi - lo) / 2;
			if (count(index, m, mid) >= wanted) {
				lo = mid;
			}
			else {
				hi = mid;
			}
		}
		return lo;
	}

	private static long count(CorpIndex index, RoaringBitmap m, long day) {
		return RoaringBitmap.andCardinality(m, index.added.compare(Expr.Cmp.GE, day));
	}

	private static RoaringBitmap union(CorpIndex index, List<Long> tags) {
		RoaringBitmap r = new RoaringBitmap();
		tags.forEach(t -> {
			RoaringBitmap b = index.tags.get(t);
			if (b != null) {
				r.or(b);
			}
		});
		return r;
	}
}
