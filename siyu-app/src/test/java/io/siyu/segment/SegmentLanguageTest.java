package io.siyu.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The text and JSON forms: parsing, printing, round trips and positioned errors (plain unit tests). */
class SegmentLanguageTest {

	MapVocabulary v = new MapVocabulary();

	@BeforeEach
	void vocabulary() {
		v.tags.put(1L, "VIP");
		v.tags.put(2L, "新客");
		v.tags.put(3L, "复购");
		v.tags.put(4L, "dup");
		v.tags.put(5L, "dup");
		v.fields.put(10L, new Vocabulary.Field(10, "level", "SINGLE"));
		v.fields.put(11L, new Vocabulary.Field(11, "points", "NUMBER"));
		v.fields.put(12L, new Vocabulary.Field(12, "birthday", "DATE"));
		v.fields.put(13L, new Vocabulary.Field(13, "hobbies", "MULTI"));
		v.staff.put(20L, "alice");
		v.units.put(30L, "上海静安店");
		v.segments.put(40L, "高价值");
	}

	@Test
	void readsTheIssuesExamples() {
		Expr e = SegmentParser.parse("""
				tags any ("VIP", #2) and gender = female and stage in (NEW, repeat)
				and (count(link_clicked, "L1") >= 1 within 7 days or count(group_joined, "wrOg") >= 1 within 30 days)
				and count(order_paid) >= 2 within 90 days and sum(order_paid) >= 50000 within 365 days
				and not count(order_paid) >= 1 within 60 days and rfm.r >= 4 and segment "高价值"
				and field.level = "金" and field.points > 99.5 and field.birthday < 2000-01-01 and unit = "上海静安店"
				and staff in ("alice") and channel = "store-qr" and added within 30 days
				""", v);
		assertThat(e).isInstanceOf(Expr.And.class);
		List<Expr> items = ((Expr.And) e).items();
		assertThat(items.get(0)).isEqualTo(new Expr.Tags(Expr.Match.ANY, List.of(1L, 2L)));
		assertThat(items.get(1)).isEqualTo(new Expr.Gender(List.of(2)));
		assertThat(items.get(2)).isEqualTo(new Expr.StageIn(List.of("NEW", "REPEAT")));
		assertThat(items.get(3)).isEqualTo(new Expr.Or(List.of(
				new Expr.Behaviour(Expr.Metric.COUNT, "link_clicked", "L1", Expr.Cmp.GE, 1, 7),
				new Expr.Behaviour(Expr.Metric.COUNT, "group_joined", "wrOg", Expr.Cmp.GE, 1, 30))));
		assertThat(items.get(6)).isEqualTo(new Expr.Not(
				new Expr.Behaviour(Expr.Metric.COUNT, "order_paid", null, Expr.Cmp.GE, 1, 60)));
		assertThat(items.get(8)).isEqualTo(new Expr.InSegment(40));
		assertThat(items.get(10)).isEqualTo(new Expr.FieldCompare(11, Expr.Cmp.GT, "99.5"));
		assertThat(items.get(12)).isEqualTo(new Expr.UnitIn(List.of(30L)));
		assertThat(SegmentPrinter.print(e, v)).contains("tags any (\"VIP\", \"新客\") and gender = female");
	}

	@Test
	void randomConditionsRoundTripThroughTextAndJson() {
		Random random = new Random(42);
		ExprGenerator gen = new ExprGenerator(random, List.of(1L, 2L, 3L, 4L, 5L), List.of(20L), List.of(30L),
				List.of("a", "b \"quoted\""), List.copyOf(v.fields.values()), List.of("金", "银"),
				List.of("order_paid", "link_clicked"), List.of("L1", "L2"), LocalDate.of(2026, 12, 4));
		for (int i = 0; i < 3000; i++) {
			Expr e = gen.expr(3);
			String text = SegmentPrinter.print(e, v);
			assertThat(SegmentParser.parse(text, v)).as(text).isEqualTo(normal(e));
			String json = SegmentJson.write(e);
			assertThat(SegmentJson.read(json, v)).as(json).isEqualTo(normal(e));
		}
	}

	/** The readers collapse single-item and/or lists; everything else is kept as is. */
	private static Expr normal(Expr e) {
		if (e instanceof Expr.And and) {
			return and.items().size() == 1 ? normal(and.items().get(0)) : new Expr.And(and.items().stream().map(SegmentLanguageTest::normal).toList());
		}
		if (e instanceof Expr.Or or) {
			return or.items().size() == 1 ? normal(or.items().get(0)) : new Expr.Or(or.items().stream().map(SegmentLanguageTest::normal).toList());
		}
		if (e instanceof Expr.Not not) {
			return new Expr.Not(normal(not.item()));
		}
		return e;
	}

	@Test
	void textErrorsNameLineColumnAndProblem() {
		assertError("tags any (\"VIP\" \"新客\")", "line 1, column 17", "expected ',' or ')' but found \"新客\"");
		assertError("tags any (\"nope\")", "line 1, column 11", "unknown tag \"nope\"");
		assertError("tags any (#99)", "line 1, column 11", "unknown tag #99");
		assertError("tags any (\"dup\")", "line 1, column 11", "several tags are named \"dup\"; use #id");
		assertError("gender = male and\n  stage = WHATEVER", "line 2, column 11", "unknown stage \"WHATEVER\"");
		assertError("count(order_paid) >= 1 within 400 days", "line 1, column 31", "a window is 1 to 365 days");
		assertError("count(order_paid) >= 1", "line 1, column 23", "expected 'within <n> days' but found the end");
		assertError("field.points = \"abc\"", "line 1, column 16", "\"abc\" is not a number");
		assertError("field.level >= \"金\"", "line 1, column 13", "use '=' or 'in'");
		assertError("field.nope = \"x\"", "line 1, column 1", "unknown custom field \"nope\"");
		assertError("(gender = male", "line 1, column 15", "expected ')' but found the end");
		assertError("gender = male or or", "line 1, column 18", "unknown condition 'or'");
		assertError("rfm.r >= 7", "line 1, column 10", "an RFM score is 0 to 5");
		assertError("tags any (\"VIP\") $", "line 1, column 18", "unexpected character '$'");
		assertError("   ", "line 1, column 1", "the condition is empty");
		assertError("gender = male extra", "line 1, column 15", "expected 'and', 'or' or the end but found 'extra'");
	}

	@Test
	void oversizedConditionsAreRefused() {
		String many = String.join(" or ", java.util.Collections.nCopies(Limits.MAX_PREDICATES + 1, "gender = male"));
		assertThatThrownBy(() -> SegmentParser.parse(many, v)).isInstanceOf(SegmentException.class)
			.hasMessageContaining("more than " + Limits.MAX_PREDICATES + " conditions");
		String deep = "not ".repeat(Limits.MAX_DEPTH + 2) + "gender = male";
		assertThatThrownBy(() -> SegmentParser.parse(deep, v)).hasMessageContaining("nested deeper");
		String huge = "tags any (" + "\"VIP\", ".repeat(5000) + "\"VIP\")";
		assertThatThrownBy(() -> SegmentParser.parse(huge, v)).hasMessageContaining("at most " + Limits.MAX_TEXT);
	}

	@Test
	void jsonErrorsNameThePath() {
		assertJsonError("{\"and\": [{\"gender\": [1]}, {\"tags\": \"any\", \"ids\": [1, 99]}]}", "$.and[1].ids[1]",
				"unknown tag #99");
		assertJsonError("{\"count\": \"order_paid\", \"op\": \">=\", \"value\": 1, \"days\": 0}", "$.days",
				"a window is 1 to 365 days");
		assertJsonError("{\"gender\": [1], \"stage\": [\"NEW\"]}", "$", "one condition per object");
		assertJsonError("{\"field\": 11, \"op\": \"~\", \"value\": 3}", "$.op", "expected one of");
		assertJsonError("{\"or\": []}", "$.or", "the list is empty");
		assertJsonError("{\"and\": [", "$", "not valid JSON");
		assertJsonError("{\"segment\": 41}", "$.segment", "unknown segment #41");
	}

	private void assertError(String text, String where, String problem) {
		assertThatThrownBy(() -> SegmentParser.parse(text, v)).isInstanceOfSatisfying(SegmentException.class, e -> {
			assertThat(e.where()).isEqualTo(where);
			assertThat(e.problem()).contains(problem);
		});
	}

	private void assertJsonError(String json, String where, String problem) {
		assertThatThrownBy(() -> SegmentJson.read(json, v)).isInstanceOfSatisfying(SegmentException.class, e -> {
			assertThat(e.where()).isEqualTo(where);
			assertThat(e.problem()).contains(problem);
		});
	}
}
