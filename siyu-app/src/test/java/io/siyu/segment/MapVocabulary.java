package io.siyu.segment;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A vocabulary from maps, for tests without a database. */
final class MapVocabulary implements Vocabulary {

	final Map<Long, String> tags = new HashMap<>();

	final Map<Long, Field> fields = new HashMap<>();

	final Map<Long, String> staff = new HashMap<>();

	final Map<Long, String> units = new HashMap<>();

	final Map<Long, String> segments = new HashMap<>();

	@Override
	public Optional<Long> tagId(String name) {
		return unique(tags, name);
	}

	@Override
	public Optional<String> tagName(long id) {
		return Optional.ofNullable(tags.get(id));
	}

	@Override
	public Optional<Field> field(String code) {
		return fields.values().stream().filter(f -> f.code().equals(code)).findFirst();
	}

	@Override
	public Optional<Field> field(long id) {
		return Optional.ofNullable(fields.get(id));
	}

	@Override
	public Optional<Long> staffId(String userid) {
		return unique(staff, userid);
	}

	@Override
	public Optional<String> staffUserid(long id) {
		return Optional.ofNullable(staff.get(id));
	}

	@Override
	public Optional<Long> unitId(String name) {
		return unique(units, name);
	}

	@Override
	public Optional<String> unitName(long id) {
		return Optional.ofNullable(units.get(id));
	}

	@Override
	public Optional<Long> segmentId(String name) {
		return unique(segments, name);
	}

	@Override
	public Optional<String> segmentName(long id) {
		return Optional.ofNullable(segments.get(id));
	}

	private static Optional<Long> unique(Map<Long, String> names, String name) {
		var ids = names.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).toList();
		if (ids.size() > 1) {
			throw new Ambiguous(name);
		}
		return ids.stream().findFirst();
	}
}
