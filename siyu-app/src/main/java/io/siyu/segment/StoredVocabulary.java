package io.siyu.segment;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.siyu.shared.TenantJdbc;

/**
 * Reads stored conditions back: their ids were checked when saved, and a tag, staff member or unit deleted since then
 * simply matches nobody, so ids are trusted; fields come from the corp's definitions (their type decides the shape).
 */
final class StoredVocabulary implements Vocabulary {

	private final Map<Long, Field> fields;

	private StoredVocabulary(Map<Long, Field> fields) {
		this.fields = fields;
	}

	static Vocabulary of(TenantJdbc jdbc) {
		Map<Long, Field> fields = new HashMap<>();
		jdbc.sql("select f.id, f.code, f.type from custom_field f where f.corp_id = :corp")
			.forEach(rs -> fields.put(rs.getLong(1), new Field(rs.getLong(1), rs.getString(2), rs.getString(3))));
		return new StoredVocabulary(fields);
	}

	@Override
	public Optional<Long> tagId(String name) {
		return Optional.empty();
	}

	@Override
	public Optional<String> tagName(long id) {
		return Optional.of("#" + id);
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
		return Optional.empty();
	}

	@Override
	public Optional<String> staffUserid(long id) {
		return Optional.of("#" + id);
	}

	@Override
	public Optional<Long> unitId(String name) {
		return Optional.empty();
	}

	@Override
	public Optional<String> unitName(long id) {
		return Optional.of("#" + id);
	}

	@Override
	public Optional<Long> segmentId(String name) {
		return Optional.empty();
	}

	@Override
	public Optional<String> segmentName(long id) {
		return Optional.of("#" + id);
	}
}
