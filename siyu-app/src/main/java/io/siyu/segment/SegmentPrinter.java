package io.siyu.segment;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes the text form of a condition; {@link SegmentParser} reads it back to the same structure. Names are shown
 * where they lead back to the same id, {@code #id} otherwise; groups keep their parentheses.
 */
public final class SegmentPrinter {

	private final Vocabulary vocabulary;

	private SegmentPrinter(Vocabulary vocabulary) {
		this.vocabulary = vocabulary;
	}

	public static String print(Expr expr, Vocabulary vocabulary) {
		return new SegmentPrinter(vocabulary).expr(expr);
	}

	private String expr(Expr e) {
		if (e instanceof Expr.And and) {
			return and.items().stream().map(this::operand).collect(Collectors.joining(" and "));
		}
		if (e instanceof Expr.Or or) {
			return or.items().stream().map(this::operand).collect(Collectors.joining(" or "));
		}
		if (e instanceof Expr.Not not) {
			return "not " + operand(not.item());
		}
		if (e instanceof Expr.Tags tags) {
			return "tags " + tags.match().name().toLowerCase(Locale.ROOT) + " ("
					+ tags.tagIds().stream().map(id -> ref(id, vocabulary::tagName, n -> safe(vocabulary::tagId, n, id)))
						.collect(Collectors.joining(", ")) + ")";
		}
		if (e instanceof Expr.Gender g) {
			return "gender" + values(g.values(), v -> v == 1 ? "male" : v == 2 ? "female" : "unknown");
		}
		if (e instanceof Expr.StageIn s) {
			return "stage" + values(s.stages(), v -> v);
		}
		if (e instanceof Expr.Channel c) {
			return "channel" + values(c.states(), SegmentPrinter::quote);
		}
		if (e instanceof Expr.Added a) {
			return "added " + a.cmp().symbol() + " " + a.date();
		}
		if (e instanceof Expr.AddedWithin a) {
			return "added within " + a.days() + " days";
		}
		if (e instanceof Expr.StaffIn s) {
			return "staff" + values(s.staffIds(), id -> ref(id, vocabulary::staffUserid, n -> safe(vocabulary::staffId, n, id)));
		}
		if (e instanceof Expr.UnitIn u) {
			return "unit" + values(u.unitIds(), id -> ref(id, vocabulary::unitName, n -> safe(vocabulary::unitId, n, id)));
		}
		if (e instanceof Expr.FieldIn f) {
			return field(f.fieldId()) + values(f.values(), SegmentPrinter::quote);
		}
		if (e instanceof Expr.FieldCompare f) {
			return field(f.fieldId()) + " " + f.cmp().symbol() + " " + f.value();
		}
		if (e instanceof Expr.Behaviour b) {
			return b.metric().name().toLowerCase(Locale.ROOT) + "(" + b.kind() + (b.ref() == null ? "" : ", " + quote(b.ref()))
					+ ") " + b.cmp().symbol() + " " + b.value() + " within " + b.days() + " days";
		}
		if (e instanceof Expr.Rfm r) {
			return "rfm." + r.dim().name().toLowerCase(Locale.ROOT) + " " + r.cmp().symbol() + " " + r.score();
		}
		Expr.InSegment s = (Expr.InSegment) e;
		return "segment " + ref(s.segmentId(), vocabulary::segmentName, n -> safe(vocabulary::segmentId, n, s.segmentId()));
	}

	/** Operands of and/or/not that are themselves and/or/not get parentheses, so grouping survives a round trip. */
	private String operand(Expr e) {
		return e instanceof Expr.And || e instanceof Expr.Or ? "(" + expr(e) + ")" : expr(e);
	}

	private String field(long id) {
		return vocabulary.field(id).map(f -> "field." + f.code()).orElse("field.#" + id);
	}

	private static <T> String values(List<T> values, Function<T, String> show) {
		if (values.size() == 1) {
			return " = " + show.apply(values.get(0));
		}
		return " in (" + values.stream().map(show).collect(Collectors.joining(", ")) + ")";
	}

	private static String ref(long id, Function<Long, Optional<String>> name, Function<String, Boolean> leadsBack) {
		return name.apply(id).filter(leadsBack::apply).map(SegmentPrinter::quote).orElse("#" + id);
	}

	private static boolean safe(Function<String, Optional<Long>> lookup, String name, long id) {
		try {
			return lookup.apply(name).filter(found -> Objects.equals(found, id)).isPresent();
		}
		catch (Vocabulary.Ambiguous e) {
			return false;
		}
	}

	static String quote(String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}
}
