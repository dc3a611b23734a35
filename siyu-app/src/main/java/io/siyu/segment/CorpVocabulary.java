package io.siyu.segment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.siyu.customer.CustomFields;
import io.siyu.customer.CustomField;
import io.siyu.organization.OrgUnit;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.StaffDirectory;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.TenantJdbc;
import io.siyu.tagging.TagCatalog;
import io.siyu.tagging.TagGroupView;
import io.siyu.tagging.TagView;

/**
 * The current actor's names for one request: live tags, custom fields, org units and staff they can see, saved
 * segments of the corp. Read once, on first use.
 */
final class CorpVocabulary implements Vocabulary {

	private final TagCatalog catalog;

	private final CustomFields fields;

	private final OrgUnits units;

	private final StaffDirectory staff;

	private final TenantJdbc jdbc;

	private Map<Long, String> tagNames;

	private Map<String, List<Long>> tagIds;

	private List<CustomField> fieldList;

	private List<OrgUnit> unitList;

	private Map<Long, String> segmentNames;

	private final Map<Long, Optional<String>> staffUserids = new HashMap<>();

	CorpVocabulary(TagCatalog catalog, CustomFields fields, OrgUnits units, StaffDirectory staff, TenantJdbc jdbc) {
		this.catalog = catalog;
		this.fields = fields;
		this.units = units;
		this.staff = staff;
		this.jdbc = jdbc;
	}

	private void tags() {
		if (tagNames == null) {
			tagNames = new HashMap<>();
			tagIds = new HashMap<>();
			for (TagGroupView g : catalog.groups()) {
				for (TagView t : g.tags()) {
					tagNames.put(t.id(), t.name());
					tagIds.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(t.id());
				}
			}
		}
	}

	@Override
	public Optional<Long> tagId(String name) {
		tags();
		List<Long> ids = tagIds.getOrDefault(name, List.of());
		if (ids.size() > 1) {
			throw new Ambiguous(name);
		}
		return ids.stream().findFirst();
	}

	@Override
	public Optional<String> tagName(long id) {
		tags();
		return Optional.ofNullable(tagNames.get(id));
	}

	private List<CustomField> fieldList() {
		if (fieldList == null) {
			fieldList = fields.definitions(true);
		}
		return fieldList;
	}

	@Override
	public Optional<Field> field(String code) {
		return fieldList().stream().filter(f -> f.code().equals(code)).findFirst()
			.map(f -> new Field(f.id(), f.code(), f.type().name()));
	}

	@Override
	public Optional<Field> field(long id) {
		return fieldList().stream().filter(f -> f.id() == id).findFirst()
			.map(f -> new Field(f.id(), f.code(), f.type().name()));
	}

	@Override
	public Optional<Long> staffId(String userid) {
		return staff.findByUserid(userid).map(s -> s.id());
	}

	@Override
	public Optional<String> staffUserid(long id) {
		return staffUserids.computeIfAbsent(id, k -> {
			try {
				return Optional.of(staff.get(k).userid());
			}
			catch (NotFoundException e) {
				return Optional.empty();
			}
		});
	}

	private List<OrgUnit> unitList() {
		if (unitList == null) {
			unitList = units.tree();
		}
		return unitList;
	}

	@Override
	public Optional<Long> unitId(String name) {
		List<Long> ids = unitList().stream().filter(u -> u.name().equals(name)).map(OrgUnit::id).toList();
		if (ids.size() > 1) {
			throw new Ambiguous(name);
		}
		return ids.stream().findFirst();
	}

	@Override
	public Optional<String> unitName(long id) {
		return unitList().stream().filter(u -> u.id() == id).map(OrgUnit::name).findFirst();
	}

	private Map<Long, String> segmentNames() {
		if (segmentNames == null) {
			segmentNames = new HashMap<>();
			jdbc.sql("select s.id, s.name from segment s where s.corp_id = :corp")
				.forEach(rs -> segmentNames.put(rs.getLong(1), rs.getString(2)));
		}
		return segmentNames;
	}

	@Override
	public Optional<Long> segmentId(String name) {
		return segmentNames().entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
			.findFirst();
	}

	@Override
	public Optional<String> segmentName(long id) {
		return Optional.ofNullable(segmentNames().get(id));
	}
}
