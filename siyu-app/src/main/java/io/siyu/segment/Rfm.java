package io.siyu.segment;

/**
 * RFM scores 0–5 from order events (kind {@code siyu.segment.order-kind}), fixed thresholds so that a score is a
 * plain behaviour condition: R ≥ s ⇔ an order within {@link #RECENCY_DAYS}[s] days; F ≥ s ⇔ at least
 * {@link #FREQUENCY}[s] orders within 365 days; M ≥ s ⇔ at least {@link #MONETARY}[s] cents spent within 365 days.
 * Score 0: no order (R, F) or nothing spent (M) in a year.
 */
final class Rfm {

	static final int[] RECENCY_DAYS = { 0, 365, 180, 90, 60, 30 };

	static final long[] FREQUENCY = { 0, 1, 2, 3, 5, 10 };

	static final long[] MONETARY = { 0, 1, 10_000, 50_000, 100_000, 500_000 };

	private Rfm() {
	}

	/** The condition "score ≥ s" (s in 1..5) as a behaviour condition. */
	static Expr.Behaviour atLeast(Expr.Dim dim, int s, String orderKind) {
		return switch (dim) {
			case R -> new Expr.Behaviour(Expr.Metric.COUNT, orderKind, null, Expr.Cmp.GE, 1, RECENCY_DAYS[s]);
			case F -> new Expr.Behaviour(Expr.Metric.COUNT, orderKind, null, Expr.Cmp.GE, FREQUENCY[s], 365);
			case M -> new Expr.Behaviour(Expr.Metric.SUM, orderKind, null, Expr.Cmp.GE, MONETARY[s], 365);
		};
	}
}
