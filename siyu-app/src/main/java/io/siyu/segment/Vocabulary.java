package io.siyu.segment;

import java.util.Optional;

/**
 * Names behind the ids of a condition, for one corp: the parser resolves names to ids and checks that ids exist; the
 * printer shows names where they are unambiguous and {@code #id} otherwise.
 */
public interface Vocabulary {

	/** The id of the live tag with this name; empty when there is none; {@link Ambiguous} when several. */
	Optional<Long> tagId(String name);

	Optional<String> tagName(long id);

	Optional<Field> field(String code);

	Optional<Field> field(long id);

	Optional<Long> staffId(String userid);

	Optional<String> staffUserid(long id);

	Optional<Long> unitId(String name);

	Optional<String> unitName(long id);

	Optional<Long> segmentId(String name);

	Optional<String> segmentName(long id);

	/** A custom field: {@code type} is TEXT, NUMBER, DATE, SINGLE or MULTI. */
	record Field(long id, String code, String type) {

		boolean ordered() {
			return type.equals("NUMBER") || type.equals("DATE");
		}
	}

	/** Thrown by a lookup when a name is shared by several objects. */
	final class Ambiguous extends RuntimeException {

		public Ambiguous(String message) {
			super(message);
		}
	}
}
