package io.siyu.segment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random conditions over a given vocabulary of ids, for round-trip and engine-versus-SQL tests. */
final class ExprGenerator {

	private final Random random;

	private final List<Long> tags;

	private final List<Long> staff;

	private final List<Long> units;

	private final List<String> states;

	private final List<Vocabulary.Field> fields;

	private final List<String> fieldTexts;

	private final List<String> kinds;

	private final List<String> refs;

	private final LocalDate today;

	ExprGenerator(Random random, List<Long> tags, List<Long> staff, List<Long> units, List<String> states,
			List<Vocabulary.Field> fields, List<String> fieldTexts, List<String> kinds, List<String> refs, LocalDate today) {
		this.random = random;
		this.tags = tags;
		this.staff = staff;
		this.units = units;
		this.states = states;
		this.fields = fields;
		this.fieldTexts = fieldTexts;
		this.kinds = kinds;
		this.refs = refs;
		this.today = today;
	}

	Expr expr(int depth) {
		int r = random.nextInt(10);
		if (depth > 0 && r < 2) {
			return new Expr.And(items(depth));
		}
		if (depth > 0 && r < 4) {
			return new Expr.Or(items(depth));
		}
		if (depth > 0 && r < 5) {
			return new Expr.Not(expr(depth - 1));
		}
		return predicate();
	}

	private List<Expr> items(int depth) {
		List<Expr> items = new ArrayList<>();
		int n = 2 + random.nextInt(3);
		for (int i = 0; i < n; i++) {
			items.add(expr(depth - 1));
		}
		return items;
	}

	Expr predicate() {
		Expr.Cmp cmp = Expr.Cmp.values()[random.nextInt(5)];
		switch (random.nextInt(13)) {
			case 0, 1:
				return new Expr.Tags(Expr.Match.values()[random.nextInt(3)], some(tags, 1 + random.nextInt(3)));
			case 2:
				return new Expr.Gender(distinct(List.of(0, 1, 2), 1 + random.nextInt(2)));
			case 3:
				return new Expr.StageIn(distinct(List.of("NEW", "ENGAGED", "REPEAT", "LOST"), 1 + random.nextInt(2)));
			case 4:
				return new Expr.Channel(distinct(states, 1 + random.nextInt(2)));
			case 5:
				return random.nextBoolean() ? new Expr.Added(cmp, today.minusDays(random.nextInt(60)))
						: new Expr.AddedWithin(1 + random.nextInt(60));
			case 6:
				return new Expr.StaffIn(some(staff, 1 + random.nextInt(2)));
			case 7:
				return new Expr.UnitIn(some(units, 1));
			case 8: {
				Vocabulary.Field f = fields.get(random.nextInt(fields.size()));
				if (f.type().equals("NUMBER")) {
					return new Expr.FieldCompare(f.id(), cmp, String.valueOf(random.nextInt(100) - 10) + (random.nextBoolean() ? ".5" : ""));
				}
				if (f.type().equals("DATE")) {
					return new Expr.FieldCompare(f.id(), cmp, today.minusDays(random.nextInt(400)).toString());
				}
				return new Expr.FieldIn(f.id(), distinct(fieldTexts, 1 + random.nextInt(2)));
			}
			case 9, 10: {
				Expr.Metric metric = random.nextInt(3) == 0 ? Expr.Metric.SUM : Expr.Metric.COUNT;
				String ref = random.nextInt(3) == 0 ? refs.get(random.nextInt(refs.size())) : null;
				long value = metric == Expr.Metric.COUNT ? random.nextInt(4) : random.nextInt(30_000) - 1_000;
				int days = new int[] { 1, 7, 30, 60, 90, 365 }[random.nextInt(6)];
				return new Expr.Behaviour(metric, kinds.get(random.nextInt(kinds.size())), ref, cmp, value, days);
			}
			case 11:
				return new Expr.Rfm(Expr.Dim.values()[random.nextInt(3)], cmp, random.nextInt(6));
			default:
				return new Expr.Tags(Expr.Match.ANY, some(tags, 1));
		}
	}

	private <T> List<T> some(List<T> from, int n) {
		List<T> out = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			out.add(from.get(random.nextInt(from.size())));
		}
		return out;
	}

	private <T> List<T> distinct(List<T> from, int n) {
		List<T> copy = new ArrayList<>(from);
		java.util.Collections.shuffle(copy, random);
		return copy.subList(0, Math.min(n, copy.size()));
	}
}
