package io.siyu.segment;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a condition (what is stored and what the console builder edits). One object per node:
 * {@code {"and": [...]}}, {@code {"or": [...]}}, {@code {"not": {...}}}, {@code {"tags": "any", "ids": [1, 2]}},
 * {@code {"gender": [1]}}, {@code {"stage": ["NEW"]}}, {@code {"channel": ["store-qr"]}},
 * {@code {"added": ">=", "date": "2026-01-01"}}, {@code {"addedWithin": 30}}, {@code {"staff": [5]}},
 * {@code {"unit": [3]}}, {@code {"field": 7, "in": ["金"]}}, {@code {"field": 8, "op": ">=", "value": "100"}},
 * {@code {"count": "order_paid", "ref": null, "op": ">=", "value": 2, "days": 90}} (or {@code "sum"}),
 * {@code {"rfm": "r", "op": ">=", "score": 4}}, {@code {"segment": 12}}. Errors name the JSON path.
 */
public final class SegmentJson {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Set<String> KEYS = Set.of("and", "or", "not", "tags", "gender", "stage", "channel", "added",
			"addedWithin", "staff", "unit", "field", "count", "sum", "rfm", "segment");

	private final References refs;

	private int predicates;

	private SegmentJson(Vocabulary vocabulary) {
		this.refs = new References(vocabulary);
	}

	public static String write(Expr expr) {
		return MAPPER.writeValueAsString(node(expr));
	}

	public static JsonNode node(Expr expr) {
		ObjectNode o = MAPPER.createObjectNode();
		if (expr instanceof Expr.And and) {
			and.items().forEach(i -> o.withArray("and").add(node(i)));
		}
		else if (expr instanceof Expr.Or or) {
			or.items().forEach(i -> o.withArray("or").add(node(i)));
		}
		else if (expr instanceof Expr.Not not) {
			o.set("not", node(not.item()));
		}
		else if (expr instanceof Expr.Tags t) {
			o.put("tags", t.match().name().toLowerCase(Locale.ROOT));
			ArrayNode ids = o.putArray("ids");
			t.tagIds().forEach(ids::add);
		}
		else if (expr instanceof Expr.Gender g) {
			ArrayNode a = o.putArray("gender");
			g.values().forEach(a::add);
		}
		else if (expr instanceof Expr.StageIn s) {
			ArrayNode a = o.putArray("stage");
			s.stages().forEach(a::add);
		}
		else if (expr instanceof Expr.Channel c) {
			ArrayNode a = o.putArray("channel");
			c.states().forEach(a::add);
		}
		else if (expr instanceof Expr.Added a) {
			o.put("added", a.cmp().symbol()).put("date", a.date().toString());
		}
		else if (expr instanceof Expr.AddedWithin a) {
			o.put("addedWithin", a.days());
		}
		else if (expr instanceof Expr.StaffIn s) {
			ArrayNode a = o.putArray("staff");
			s.staffIds().forEach(a::add);
		}
		else if (expr instanceof Expr.UnitIn u) {
			ArrayNode a = o.putArray("unit");
			u.unitIds().forEach(a::add);
		}
		else if (expr instanceof Expr.FieldIn f) {
			o.put("field", f.fieldId());
			ArrayNode a = o.putArray("in");
			f.values().forEach(a::add);
		}
		else if (expr instanceof Expr.FieldCompare f) {
			o.put("field", f.fieldId()).put("op", f.cmp().symbol()).put("value", f.value());
		}
		else if (expr instanceof Expr.Behaviour b) {
			o.put(b.metric().name().toLowerCase(Locale.ROOT), b.kind());
			if (b.ref() != null) {
				o.put("ref", b.ref());
			}
			o.put("op", b.cmp().symbol()).put("value", b.value()).put("days", b.days());
		}
		else if (expr instanceof Expr.Rfm r) {
			o.put("rfm", r.dim().name().toLowerCase(Locale.ROOT)).put("op", r.cmp().symbol()).put("score", r.score());
		}
		else if (expr instanceof Expr.InSegment s) {
			o.put("segment", s.segmentId());
		}
		return o;
	}

	public static Expr read(String json, Vocabulary vocabulary) {
		if (json == null || json.isBlank()) {
			throw new SegmentException("$", "the condition is empty");
		}
		if (json.length() > Limits.MAX_TEXT * 4) {
			throw new SegmentException("$", "the condition has " + json.length() + " characters; at most "
					+ Limits.MAX_TEXT * 4 + " are allowed");
		}
		JsonNode node;
		try {
			node = MAPPER.readTree(json);
		}
		catch (JacksonException e) {
			throw new SegmentException("$", "not valid JSON (" + e.getOriginalMessage() + ")");
		}
		return read(node, vocabulary);
	}

	public static Expr read(JsonNode node, Vocabulary vocabulary) {
		return new SegmentJson(vocabulary).expr(node, "$", 0);
	}

	private Expr expr(JsonNode n, String path, int depth) {
		if (n == null || !n.isObject()) {
			throw new SegmentException(path, "expected an object");
		}
		if (depth > Limits.MAX_DEPTH) {
			throw new SegmentException(path, "the condition is nested deeper than " + Limits.MAX_DEPTH + " levels");
		}
		String key = null;
		for (String name : n.propertyNames()) {
			if (KEYS.contains(name)) {
				if (key != null) {
					throw new SegmentException(path, "one condition per object (found '" + key + "' and '" + name + "')");
				}
				key = name;
			}
		}
		if (key == null) {
			throw new SegmentException(path, "expected one of " + KEYS);
		}
		if (!key.equals("and") && !key.equals("or") && !key.equals("not") && ++predicates > Limits.MAX_PREDICATES) {
			throw new SegmentException(path, "more than " + Limits.MAX_PREDICATES + " conditions");
		}
		String at = path + "." + key;
		JsonNode v = n.get(key);
		return switch (key) {
			case "and", "or" -> {
				List<Expr> items = new ArrayList<>();
				JsonNode list = array(v, at, 1);
				for (int i = 0; i < list.size(); i++) {
					items.add(expr(list.get(i), at + "[" + i + "]", depth + 1));
				}
				yield items.size() == 1 ? items.get(0) : key.equals("and") ? new Expr.And(items) : new Expr.Or(items);
			}
			case "not" -> new Expr.Not(expr(v, at, depth + 1));
			case "tags" -> {
				Expr.Match match = switch (text(v, at)) {
					case "any" -> Expr.Match.ANY;
					case "all" -> Expr.Match.ALL;
					case "none" -> Expr.Match.NONE;
					default -> throw new SegmentException(at, "expected \"any\", \"all\" or \"none\"");
				};
				yield new Expr.Tags(match, ids(n.get("ids"), path + ".ids", refs::tag));
			}
			case "gender" -> {
				List<Integer> values = new ArrayList<>();
				JsonNode list = array(v, at, 1);
				for (int i = 0; i < list.size(); i++) {
					long g = number(list.get(i), at + "[" + i + "]");
					if (g < 0 || g > 2) {
						throw new SegmentException(at + "[" + i + "]", "gender is 0 (unknown), 1 (male) or 2 (female)");
					}
					values.add((int) g);
				}
				yield new Expr.Gender(values);
			}
			case "stage" -> new Expr.StageIn(strings(v, at, References::stage).stream()
				.map(s -> s.toUpperCase(Locale.ROOT)).toList());
			case "channel" -> new Expr.Channel(strings(v, at, s -> null));
			case "added" -> new Expr.Added(cmp(v, at), date(n.get("date"), path + ".date"));
			case "addedWithin" -> new Expr.AddedWithin(days(v, at));
			case "staff" -> new Expr.StaffIn(ids(v, at, refs::staff));
			case "unit" -> new Expr.UnitIn(ids(v, at, refs::unit));
			case "field" -> field(n, path, at);
			case "count", "sum" -> behaviour(n, path, key);
			case "rfm" -> {
				Expr.Dim dim = switch (text(v, at)) {
					case "r" -> Expr.Dim.R;
					case "f" -> Expr.Dim.F;
					case "m" -> Expr.Dim.M;
					default -> throw new SegmentException(at, "expected \"r\", \"f\" or \"m\"");
				};
				long score = number(n.get("score"), path + ".score");
				if (score < 0 || score > 5) {
					throw new SegmentException(path + ".score", "an RFM score is 0 to 5");
				}
				yield new Expr.Rfm(dim, cmp(n.get("op"), path + ".op"), (int) score);
			}
			case "segment" -> {
				long id = number(v, at);
				String problem = refs.segment(id);
				if (problem != null) {
					throw new SegmentException(at, problem);
				}
				yield new Expr.InSegment(id);
			}
			default -> throw new IllegalStateException(key);
		};
	}

	private Expr field(JsonNode n, String path, String at) {
		Vocabulary.Field field = refs.field(number(n.get("field"), at), problem -> new SegmentException(at, problem));
		if (field.ordered()) {
			JsonNode raw = n.get("value");
			String value = raw == null || raw.isNull() ? null : raw.isNumber() ? raw.decimalValue().toPlainString()
					: raw.isString() ? raw.stringValue() : null;
			if (value == null) {
				throw new SegmentException(path + ".value", "expected a " + (field.type().equals("DATE") ? "date" : "number"));
			}
			String problem = References.ordered(field, value);
			if (problem != null) {
				throw new SegmentException(path + ".value", problem);
			}
			return new Expr.FieldCompare(field.id(), cmp(n.get("op"), path + ".op"), value);
		}
		if (!n.has("in")) {
			throw new SegmentException(path, "field " + field.code() + " is a " + field.type().toLowerCase(Locale.ROOT)
					+ " field: give its values in \"in\"");
		}
		return new Expr.FieldIn(field.id(), strings(n.get("in"), path + ".in", s -> null));
	}

	private Expr behaviour(JsonNode n, String path, String key) {
		String at = path + "." + key;
		String kind = text(n.get(key), at);
		String problem = References.kind(kind);
		if (problem != null) {
			throw new SegmentException(at, problem);
		}
		String ref = null;
		JsonNode r = n.get("ref");
		if (r != null && !r.isNull()) {
			ref = text(r, path + ".ref");
		}
		return new Expr.Behaviour(key.equals("count") ? Expr.Metric.COUNT : Expr.Metric.SUM, kind, ref,
				cmp(n.get("op"), path + ".op"), number(n.get("value"), path + ".value"), days(n.get("days"), path + ".days"));
	}

	private List<Long> ids(JsonNode v, String at, java.util.function.LongFunction<String> check) {
		JsonNode list = array(v, at, 1);
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			long id = number(list.get(i), at + "[" + i + "]");
			String problem = check.apply(id);
			if (problem != null) {
				throw new SegmentException(at + "[" + i + "]", problem);
			}
			ids.add(id);
		}
		return ids;
	}

	private static List<String> strings(JsonNode v, String at, java.util.function.Function<String, String> check) {
		JsonNode list = array(v, at, 1);
		List<String> values = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			String s = text(list.get(i), at + "[" + i + "]");
			String problem = check.apply(s);
			if (problem != null) {
				throw new SegmentException(at + "[" + i + "]", problem);
			}
			values.add(s);
		}
		return values;
	}

	private static JsonNode array(JsonNode v, String at, int min) {
		if (v == null || !v.isArray()) {
			throw new SegmentException(at, "expected a list");
		}
		if (v.size() < min) {
			throw new SegmentException(at, "the list is empty");
		}
		if (v.size() > Limits.MAX_LIST) {
			throw new SegmentException(at, "a list has at most " + Limits.MAX_LIST + " items");
		}
		return (ArrayNode) v;
	}

	private static String text(JsonNode v, String at) {
		if (v == null || !v.isString()) {
			throw new SegmentException(at, "expected a string");
		}
		String s = v.stringValue();
		if (s.isEmpty() || s.length() > Limits.MAX_STRING) {
			throw new SegmentException(at, "a value has 1 to " + Limits.MAX_STRING + " characters");
		}
		return s;
	}

	private static long number(JsonNode v, String at) {
		if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
			throw new SegmentException(at, "expected a whole number");
		}
		return v.longValue();
	}

	private static int days(JsonNode v, String at) {
		long days = number(v, at);
		String problem = References.days(days);
		if (problem != null) {
			throw new SegmentException(at, problem);
		}
		return (int) days;
	}

	private static Expr.Cmp cmp(JsonNode v, String at) {
		Expr.Cmp cmp = v != null && v.isString() ? Expr.Cmp.of(v.stringValue()) : null;
		if (cmp == null) {
			throw new SegmentException(at, "expected one of >=, >, <=, <, =");
		}
		return cmp;
	}

	private static LocalDate date(JsonNode v, String at) {
		try {
			return LocalDate.parse(text(v, at));
		}
		catch (DateTimeParseException e) {
			throw new SegmentException(at, "not a date (YYYY-MM-DD)");
		}
	}
}
