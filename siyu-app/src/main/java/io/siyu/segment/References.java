package io.siyu.segment;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/** Checks shared by the text and JSON readers: what a value must look like and which ids must exist. */
final class References {

	static final Set<String> STAGES = Set.of("NEW", "ENGAGED", "FIRST_PURCHASE", "REPEAT", "LOYAL", "DORMANT", "LOST");

	private final Vocabulary vocabulary;

	References(Vocabulary vocabulary) {
		this.vocabulary = vocabulary;
	}

	/** Null when fine, else the problem. */
	String tag(long id) {
		return vocabulary.tagName(id).isPresent() ? null : "unknown tag #" + id;
	}

	long tagByName(String name, Problem problem) {
		try {
			return vocabulary.tagId(name).orElseThrow(() -> problem.at("unknown tag \"" + name + "\""));
		}
		catch (Vocabulary.Ambiguous e) {
			throw problem.at("several tags are named \"" + name + "\"; use #id");
		}
	}

	String staff(long id) {
		return vocabulary.staffUserid(id).isPresent() ? null : "unknown staff #" + id;
	}

	long staffByUserid(String userid, Problem problem) {
		return vocabulary.staffId(userid).orElseThrow(() -> problem.at("unknown staff \"" + userid + "\""));
	}

	String unit(long id) {
		return vocabulary.unitName(id).isPresent() ? null : "unknown org unit #" + id;
	}

	long unitByName(String name, Problem problem) {
		try {
			return vocabulary.unitId(name).orElseThrow(() -> problem.at("unknown org unit \"" + name + "\""));
		}
		catch (Vocabulary.Ambiguous e) {
			throw problem.at("several org units are named \"" + name + "\"; use #id");
		}
	}

	String segment(long id) {
		return vocabulary.segmentName(id).isPresent() ? null : "unknown segment #" + id;
	}

	long segmentByName(String name, Problem problem) {
		try {
			return vocabulary.segmentId(name).orElseThrow(() -> problem.at("unknown segment \"" + name + "\""));
		}
		catch (Vocabulary.Ambiguous e) {
			throw problem.at("several segments are named \"" + name + "\"; use #id");
		}
	}

	Vocabulary.Field field(String code, Problem problem) {
		return vocabulary.field(code).orElseThrow(() -> problem.at("unknown custom field \"" + code + "\""));
	}

	Vocabulary.Field field(long id, Problem problem) {
		return vocabulary.field(id).orElseThrow(() -> problem.at("unknown custom field #" + id));
	}

	static String stage(String value) {
		String upper = value.toUpperCase(Locale.ROOT);
		return STAGES.contains(upper) ? null : "unknown stage \"" + value + "\" (one of " + String.join(", ", STAGES) + ")";
	}

	static String ordered(Vocabulary.Field field, String value) {
		try {
			if (field.type().equals("DATE")) {
				LocalDate.parse(value);
			}
			else {
				BigDecimal n = new BigDecimal(value);
				if (n.abs().compareTo(new BigDecimal("100000000000000")) >= 0 || n.scale() > 4) {
					return "a number with at most 14 digits before and 4 after the point";
				}
			}
			return null;
		}
		catch (NumberFormatException | DateTimeParseException e) {
			return field.type().equals("DATE") ? "\"" + value + "\" is not a date (YYYY-MM-DD)"
					: "\"" + value + "\" is not a number";
		}
	}

	static String kind(String kind) {
		return kind.matches("[a-z][a-z0-9_]{1,39}") ? null
				: "an event kind is 2–40 lower-case letters, digits or _ (e.g. order_paid)";
	}

	static String days(long days) {
		return days >= 1 && days <= Limits.MAX_DAYS ? null : "a window is 1 to " + Limits.MAX_DAYS + " days";
	}

	/** Makes the positioned exception for a problem found at the current place. */
	interface Problem {
		SegmentException at(String problem);
	}
}
