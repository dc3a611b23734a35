package io.siyu.segment;

import java.time.LocalDate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import org.roaringbitmap.RoaringBitmap;
import org.springframework.stereotype.Component;

/**
 * Makes the {@link Evaluator} of a corp's index for a day: saved segments referred to by a condition are looked up in
 * the index (a static one's snapshot, a dynamic one evaluated, nested at most {@link #MAX_SEGMENT_DEPTH} deep), and a
 * top-level evaluation may split a large query over {@link SegmentSettings#threads} (the caller's thread and helpers).
 */
@Component
class Evaluators {

	static final int MAX_SEGMENT_DEPTH = 8;

	private final IndexLoader loader;

	private final SegmentSettings settings;

	/** Helper threads for large queries (the caller's thread is one of {@link SegmentSettings#threads}); null for 1. */
	private final ExecutorService helpers;

	Evaluators(IndexLoader loader, SegmentSettings settings) {
		this.loader = loader;
		this.settings = settings;
		int threads = settings.threads();
		this.helpers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
			Thread t = new Thread(r, "segment-query");
			t.setDaemon(true);
			return t;
		});
	}

	@PreDestroy
	void stop() {
		if (helpers != null) {
			helpers.shutdownNow();
		}
	}

	/** An evaluator of the index for today. */
	Evaluator of(CorpIndex index) {
		return of(index, 0, loader.today());
	}

	/** An evaluator of the index for the given day. */
	Evaluator of(CorpIndex index, LocalDate today) {
		return of(index, 0, today);
	}

	/** A saved segment's members today (the snapshot of a static one; a dynamic one evaluated now). */
	RoaringBitmap savedMembers(CorpIndex index, long id) {
		return segmentMembers(index, id, 0, null, loader.today());
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
		Evaluator evaluator = of(index, depth + 1, today);
		return within == null ? evaluator.evaluate(s.expr) : evaluator.evaluate(s.expr, within);
	}

	private Evaluator of(CorpIndex index, int depth, LocalDate today) {
		Evaluator.SegmentLookup segments = (id, within) -> segmentMembers(index, id, depth, within, today);
		// nested segments are evaluated on the thread that asks for them (a helper waiting for helpers could starve)
		return depth == 0 ? new Evaluator(index, today, settings.orderKind(), segments, helpers, settings.threads())
				: new Evaluator(index, today, settings.orderKind(), segments);
	}
}
