package io.siyu.segment;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the text form, e.g. {@code tags any ("VIP", #12) and not (count(order_paid) >= 1 within 60 days)}. Keywords
 * are case-insensitive; names are quoted; {@code #id} refers by id. Every error names the line and column and what was
 * expected. See {@link SegmentPrinter} for the inverse.
 */
public final class SegmentParser {

	private final String text;

	private final List<Token> tokens;

	private final References refs;

	private int pos;

	private int predicates;

	private SegmentParser(String text, Vocabulary vocabulary) {
		this.text = text;
		this.refs = new References(vocabulary);
		this.tokens = new Lexer(text).tokens();
	}

	public static Expr parse(String text, Vocabulary vocabulary) {
		if (text == null || text.isBlank()) {
			throw new SegmentException("line 1, column 1", "the condition is empty");
		}
		if (text.length() > Limits.MAX_TEXT) {
			throw new SegmentException("line 1, column 1",
					"the condition has " + text.length() + " characters; at most " + Limits.MAX_TEXT + " are allowed");
		}
		SegmentParser parser = new SegmentParser(text, vocabulary);
		Expr expr = parser.or(0);
		Token end = parser.peek();
		if (end.type != Type.EOF) {
			throw parser.error(end, "expected 'and', 'or' or the end but found " + end.describe());
		}
		return expr;
	}

	private Expr or(int depth) {
		List<Expr> items = new ArrayList<>();
		items.add(and(depth));
		while (keyword("or")) {
			items.add(and(depth));
		}
		return items.size() == 1 ? items.get(0) : new Expr.Or(items);
	}

	private Expr and(int depth) {
		List<Expr> items = new ArrayList<>();
		items.add(unary(depth));
		while (keyword("and")) {
			items.add(unary(depth));
		}
		return items.size() == 1 ? items.get(0) : new Expr.And(items);
	}

	private Expr unary(int depth) {
		Token t = peek();
		if (depth > Limits.MAX_DEPTH) {
			throw error(t, "the condition is nested deeper than " + Limits.MAX_DEPTH + " levels");
		}
		if (keyword("not")) {
			return new Expr.Not(unary(depth + 1));
		}
		if (t.type == Type.LPAREN) {
			pos++;
			Expr inner = or(depth + 1);
			expect(Type.RPAREN, "')'");
			return inner;
		}
		if (t.type != Type.IDENT) {
			throw error(t, "expected a condition (tags, gender, stage, channel, added, staff, unit, field.<code>, count, sum,"
					+ " rfm.r/f/m, segment), '(' or 'not' but found " + t.describe());
		}
		if (++predicates > Limits.MAX_PREDICATES) {
			throw error(t, "more than " + Limits.MAX_PREDICATES + " conditions");
		}
		pos++;
		String word = t.text.toLowerCase(Locale.ROOT);
		return switch (word) {
			case "tags" -> tags();
			case "gender" -> new Expr.Gender(values(this::gender));
			case "stage" -> new Expr.StageIn(values(this::stage));
			case "channel" -> new Expr.Channel(values(() -> string("a channel state in quotes")));
			case "added" -> added();
			case "staff" -> new Expr.StaffIn(values(this::staff));
			case "unit" -> new Expr.UnitIn(values(this::unit));
			case "count", "sum" -> behaviour(word.equals("count") ? Expr.Metric.COUNT : Expr.Metric.SUM);
			case "rfm.r", "rfm.f", "rfm.m" -> rfm(Expr.Dim.valueOf(word.substring(4).toUpperCase(Locale.ROOT)));
			case "segment" -> segment();
			default -> {
				if (word.startsWith("field.") && word.length() > 6) {
					yield field(t, t.text.substring(6));
				}
				throw error(t, "unknown condition '" + t.text + "'");
			}
		};
	}

	private Expr tags() {
		Token t = peek();
		Expr.Match match;
		if (keyword("any")) {
			match = Expr.Match.ANY;
		}
		else if (keyword("all")) {
			match = Expr.Match.ALL;
		}
		else if (keyword("none")) {
			match = Expr.Match.NONE;
		}
		else {
			throw error(t, "expected 'any', 'all' or 'none' after 'tags' but found " + t.describe());
		}
		return new Expr.Tags(match, list(this::tag));
	}

	private long tag() {
		Token t = peek();
		if (t.type == Type.ID) {
			pos++;
			return checked(t, t.id(), refs.tag(t.id()));
		}
		String name = string("a tag name in quotes or #id");
		return refs.tagByName(name, problem -> error(t, problem));
	}

	private int gender() {
		Token t = next();
		String v = t.text.toLowerCase(Locale.ROOT);
		return switch (v) {
			case "unknown", "0" -> 0;
			case "male", "1" -> 1;
			case "female", "2" -> 2;
			default -> throw error(t, "expected male, female or unknown but found " + t.describe());
		};
	}

	private String stage() {
		Token t = next();
		if (t.type != Type.IDENT && t.type != Type.STRING) {
			throw error(t, "expected a stage (NEW, ENGAGED, …) but found " + t.describe());
		}
		String problem = References.stage(t.text);
		if (problem != null) {
			throw error(t, problem);
		}
		return t.text.toUpperCase(Locale.ROOT);
	}

	private Expr added() {
		Token t = peek();
		if (keyword("within")) {
			int days = days();
			return new Expr.AddedWithin(days);
		}
		Expr.Cmp cmp = cmp();
		return new Expr.Added(cmp, date());
	}

	private long staff() {
		Token t = peek();
		if (t.type == Type.ID) {
			pos++;
			return checked(t, t.id(), refs.staff(t.id()));
		}
		String userid = string("a staff userid in quotes or #id");
		return refs.staffByUserid(userid, problem -> error(t, problem));
	}

	private long unit() {
		Token t = peek();
		if (t.type == Type.ID) {
			pos++;
			return checked(t, t.id(), refs.unit(t.id()));
		}
		String name = string("an org unit name in quotes or #id");
		return refs.unitByName(name, problem -> error(t, problem));
	}

	private Expr field(Token at, String code) {
		Vocabulary.Field field = refs.field(code, problem -> error(at, problem));
		Token t = peek();
		if (field.ordered()) {
			Expr.Cmp cmp = cmp();
			Token v = next();
			String value = v.type == Type.STRING || v.type == Type.NUMBER || v.type == Type.DATE ? v.text : null;
			if (value == null) {
				throw error(v, "expected a " + (field.type().equals("DATE") ? "date" : "number") + " but found "
						+ v.describe());
			}
			String problem = References.ordered(field, value);
			if (problem != null) {
				throw error(v, problem);
			}
			return new Expr.FieldCompare(field.id(), cmp, value);
		}
		if (t.type == Type.OP && !t.text.equals("=")) {
			throw error(t, "field." + code + " is a " + field.type().toLowerCase(Locale.ROOT)
					+ " field: use '=' or 'in', not " + t.describe());
		}
		return new Expr.FieldIn(field.id(), values(() -> string("a value in quotes")));
	}

	private Expr behaviour(Expr.Metric metric) {
		expect(Type.LPAREN, "'('");
		Token k = next();
		if (k.type != Type.IDENT) {
			throw error(k, "expected an event kind (e.g. order_paid) but found " + k.describe());
		}
		String problem = References.kind(k.text);
		if (problem != null) {
			throw error(k, problem);
		}
		String ref = null;
		if (peek().type == Type.COMMA) {
			pos++;
			ref = string("a ref in quotes");
		}
		expect(Type.RPAREN, "')'");
		Expr.Cmp cmp = cmp();
		long value = integer(metric == Expr.Metric.COUNT ? "a count" : "an amount in cents");
		if (!keyword("within")) {
			throw error(peek(), "expected 'within <n> days' but found " + peek().describe());
		}
		int days = days();
		return new Expr.Behaviour(metric, k.text, ref, cmp, value, days);
	}

	private Expr rfm(Expr.Dim dim) {
		Expr.Cmp cmp = cmp();
		Token t = peek();
		long score = integer("a score 0–5");
		if (score < 0 || score > 5) {
			throw error(t, "an RFM score is 0 to 5");
		}
		return new Expr.Rfm(dim, cmp, (int) score);
	}

	private Expr segment() {
		Token t = peek();
		if (t.type == Type.ID) {
			pos++;
			return new Expr.InSegment(checked(t, t.id(), refs.segment(t.id())));
		}
		String name = string("a segment name in quotes or #id");
		return new Expr.InSegment(refs.segmentByName(name, problem -> error(t, problem)));
	}

	private int days() {
		Token t = peek();
		long days = integer("a number of days");
		String problem = References.days(days);
		if (problem != null) {
			throw error(t, problem);
		}
		if (!keyword("days") && !keyword("day")) {
			throw error(peek(), "expected 'days' but found " + peek().describe());
		}
		return (int) days;
	}

	private <T> List<T> values(Item<T> item) {
		Token t = peek();
		if (t.type == Type.OP && t.text.equals("=")) {
			pos++;
			return List.of(item.read());
		}
		if (keyword("in")) {
			return list(item);
		}
		throw error(t, "expected '=' or 'in' but found " + t.describe());
	}

	private <T> List<T> list(Item<T> item) {
		expect(Type.LPAREN, "'('");
		List<T> items = new ArrayList<>();
		items.add(item.read());
		while (peek().type == Type.COMMA) {
			pos++;
			items.add(item.read());
			if (items.size() > Limits.MAX_LIST) {
				throw error(peek(), "a list has at most " + Limits.MAX_LIST + " items");
			}
		}
		expect(Type.RPAREN, "',' or ')'");
		return items;
	}

	private Expr.Cmp cmp() {
		Token t = next();
		Expr.Cmp cmp = t.type == Type.OP ? Expr.Cmp.of(t.text) : null;
		if (cmp == null) {
			throw error(t, "expected a comparison (>=, >, <=, <, =) but found " + t.describe());
		}
		return cmp;
	}

	private LocalDate date() {
		Token t = next();
		if (t.type != Type.DATE && t.type != Type.STRING) {
			throw error(t, "expected a date (YYYY-MM-DD) but found " + t.describe());
		}
		try {
			return LocalDate.parse(t.text);
		}
		catch (DateTimeParseException e) {
			throw error(t, "\"" + t.text + "\" is not a date (YYYY-MM-DD)");
		}
	}

	private long integer(String what) {
		Token t = next();
		if (t.type != Type.NUMBER || !t.text.matches("-?\\d{1,15}")) {
			throw error(t, "expected " + what + " (a whole number) but found " + t.describe());
		}
		return Long.parseLong(t.text);
	}

	private String string(String what) {
		Token t = next();
		if (t.type != Type.STRING) {
			throw error(t, "expected " + what + " but found " + t.describe());
		}
		if (t.text.isEmpty() || t.text.length() > Limits.MAX_STRING) {
			throw error(t, "a quoted value has 1 to " + Limits.MAX_STRING + " characters");
		}
		return t.text;
	}

	private long checked(Token t, long id, String problem) {
		if (problem != null) {
			throw error(t, problem);
		}
		return id;
	}

	private boolean keyword(String word) {
		Token t = peek();
		if (t.type == Type.IDENT && t.text.equalsIgnoreCase(word)) {
			pos++;
			return true;
		}
		return false;
	}

	private void expect(Type type, String what) {
		Token t = next();
		if (t.type != type) {
			throw error(t, "expected " + what + " but found " + t.describe());
		}
	}

	private Token peek() {
		return tokens.get(pos);
	}

	private Token next() {
		Token t = tokens.get(pos);
		if (t.type != Type.EOF) {
			pos++;
		}
		return t;
	}

	private SegmentException error(Token t, String problem) {
		return new SegmentException(where(text, t.start), problem);
	}

	static String where(String text, int offset) {
		int line = 1;
		int column = 1;
		for (int i = 0; i < offset && i < text.length(); i++) {
			if (text.charAt(i) == '\n') {
				line++;
				column = 1;
			}
			else {
				column++;
			}
		}
		return "line " + line + ", column " + column;
	}

	private interface Item<T> {
		T read();
	}

	enum Type {
		IDENT, STRING, NUMBER, DATE, ID, LPAREN, RPAREN, COMMA, OP, EOF
	}

	record Token(Type type, String text, int start) {

		long id() {
			return Long.parseLong(text);
		}

		String describe() {
			return switch (type) {
				case EOF -> "the end";
				case STRING -> "\"" + text + "\"";
				case ID -> "#" + text;
				default -> "'" + text + "'";
			};
		}
	}

	private static final class Lexer {

		private final String s;

		private int i;

		Lexer(String s) {
			this.s = s;
		}

		List<Token> tokens() {
			List<Token> out = new ArrayList<>();
			while (true) {
				while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
					i++;
				}
				if (i >= s.length()) {
					out.add(new Token(Type.EOF, "", i));
					return out;
				}
				int start = i;
				char c = s.charAt(i);
				if (c == '(' || c == ')' || c == ',') {
					i++;
					out.add(new Token(c == '(' ? Type.LPAREN : c == ')' ? Type.RPAREN : Type.COMMA, String.valueOf(c), start));
				}
				else if (c == '>' || c == '<' || c == '=') {
					i++;
					if ((c == '>' || c == '<') && i < s.length() && s.charAt(i) == '=') {
						i++;
					}
					out.add(new Token(Type.OP, s.substring(start, i), start));
				}
				else if (c == '"') {
					out.add(new Token(Type.STRING, quoted(start), start));
				}
				else if (c == '#') {
					i++;
					while (i < s.length() && Character.isDigit(s.charAt(i))) {
						i++;
					}
					if (i == start + 1 || i - start > 19) {
						throw new SegmentException(where(s, start), "'#' must be followed by an id (digits)");
					}
					out.add(new Token(Type.ID, s.substring(start + 1, i), start));
				}
				else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
					i++;
					while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '-')) {
						i++;
					}
					String word = s.substring(start, i);
					if (word.matches("\\d{4}-\\d{2}-\\d{2}")) {
						out.add(new Token(Type.DATE, word, start));
					}
					else if (word.matches("-?\\d+(\\.\\d+)?")) {
						out.add(new Token(Type.NUMBER, word, start));
					}
					else {
						throw new SegmentException(where(s, start), "'" + word + "' is neither a number nor a date");
					}
				}
				else if (Character.isLetter(c) || c == '_') {
					while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.')) {
						i++;
					}
					out.add(new Token(Type.IDENT, s.substring(start, i), start));
				}
				else {
					throw new SegmentException(where(s, start), "unexpected character '" + c + "'");
				}
			}
		}

		private String quoted(int start) {
			StringBuilder b = new StringBuilder();
			i++;
			while (i < s.length()) {
				char c = s.charAt(i++);
				if (c == '"') {
					return b.toString();
				}
				if (c == '\\' && i < s.length()) {
					b.append(s.charAt(i++));
				}
				else {
					b.append(c);
				}
			}
			throw new SegmentException(where(s, start), "a quoted value is not closed (missing \")");
		}
	}
}
