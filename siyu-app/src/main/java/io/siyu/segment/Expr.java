package io.siyu.segment;

import java.time.LocalDate;
import java.util.List;

/**
 * A segment condition, the one structure behind the text form, the JSON form and the console builder. References are
 * ids (tags, staff, units, fields, segments), so a stored condition survives renames; the text form shows names.
 */
public sealed interface Expr {

	record And(List<Expr> items) implements Expr {
		public And {
			items = List.copyOf(items);
		}
	}

	record Or(List<Expr> items) implements Expr {
		public Or {
			items = List.copyOf(items);
		}
	}

	record Not(Expr item) implements Expr {
	}

	/** Has any, all or none of the tags. */
	record Tags(Match match, List<Long> tagIds) implements Expr {
		public Tags {
			tagIds = List.copyOf(tagIds);
		}
	}

	/** WeCom's gender codes: 0 unknown, 1 male, 2 female. */
	record Gender(List<Integer> values) implements Expr {
		public Gender {
			values = List.copyOf(values);
		}
	}

	record StageIn(List<String> stages) implements Expr {
		public StageIn {
			stages = List.copyOf(stages);
		}
	}

	/** Came through one of these channels: any relation carries the channel code's {@code state}. */
	record Channel(List<String> states) implements Expr {
		public Channel {
			states = List.copyOf(states);
		}
	}

	/** First added (day in the corp's zone) compared with a date. */
	record Added(Cmp cmp, LocalDate date) implements Expr {
	}

	/** First added within the last {@code days} days (today counts as one). */
	record AddedWithin(int days) implements Expr {
	}

	/** Has an active relation with one of these staff. */
	record StaffIn(List<Long> staffIds) implements Expr {
		public StaffIn {
			staffIds = List.copyOf(staffIds);
		}
	}

	/** Has an active relation with staff in one of these org units (store, region: the whole subtree). */
	record UnitIn(List<Long> unitIds) implements Expr {
		public UnitIn {
			unitIds = List.copyOf(unitIds);
		}
	}

	/** A text or choice field holds one of the values (a multiple-choice field: any of them is chosen). */
	record FieldIn(long fieldId, List<String> values) implements Expr {
		public FieldIn {
			values = List.copyOf(values);
		}
	}

	/** A number or date field compared with a value (a decimal number or YYYY-MM-DD); no value never matches. */
	record FieldCompare(long fieldId, Cmp cmp, String value) implements Expr {
	}

	/**
	 * Timeline events of a kind (optionally about one {@code ref}) within the last {@code days} days: their number or
	 * the sum of their amounts (cents) compared with {@code value}. Customers without events count 0.
	 */
	record Behaviour(Metric metric, String kind, String ref, Cmp cmp, long value, int days) implements Expr {
	}

	/** An RFM score 0–5 compared with {@code score} (see {@link Rfm} for the thresholds). */
	record Rfm(Dim dim, Cmp cmp, int score) implements Expr {
	}

	/** Member of another saved segment. */
	record InSegment(long segmentId) implements Expr {
	}

	enum Match {
		ANY, ALL, NONE
	}

	enum Metric {
		COUNT, SUM
	}

	enum Dim {
		R, F, M
	}

	enum Cmp {
		GE(">="), GT(">"), LE("<="), LT("<"), EQ("=");

		private final String symbol;

		Cmp(String symbol) {
			this.symbol = symbol;
		}

		public String symbol() {
			return symbol;
		}

		static Cmp of(String symbol) {
			for (Cmp c : values()) {
				if (c.symbol.equals(symbol)) {
					return c;
				}
			}
			return null;
		}
	}
}
