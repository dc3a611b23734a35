package io.siyu.customer;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.ConflictException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Custom fields of the corp's customers: definitions (text, number, date, single or multiple choice) and values,
 * for one customer or many at once. A value is checked against its field's type and options; a blank value clears it.
 */
@Service
public class CustomFields {

	private static final int MAX_FIELDS = 100;

	private static final String MULTI_SEPARATOR = "\n";

	private final TenantJdbc jdbc;

	private final Timeline timeline;

	private final Auditor auditor;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	CustomFields(TenantJdbc jdbc, Timeline timeline, Auditor auditor, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.timeline = timeline;
		this.auditor = auditor;
		this.events = events;
		this.clock = clock;
	}

	/** Definitions of the corp, in display order; archived ones only when asked. */
	public List<CustomField> definitions(boolean includeArchived) {
		Actors.require(Permission.CUSTOMERS_READ);
		return jdbc.sql("select id, code, label, type, options, sort_order, archived from custom_field where corp_id = :corp"
				+ (includeArchived ? "" : " and archived = false") + " order by sort_order, id")
			.list(CustomFields::map);
	}

	@Transactional
	public CustomField define(String code, String label, CustomField.Type type, List<String> options) {
		Actors.require(Permission.SETTINGS_MANAGE);
		if (code == null || !code.matches("[a-z][a-z0-9_]{0,39}")) {
			throw new BadRequestException("error.field.code", "A field code is 1–40 lower-case letters, digits or _");
		}
		requireLabel(label);
		if (type == null) {
			throw new BadRequestException("error.field.type", "A field needs a type");
		}
		List<String> opts = options(type, options);
		if (jdbc.sql("select count(*) from custom_field where corp_id = :corp").count() >= MAX_FIELDS) {
			throw new BadRequestException("error.field.tooMany", "At most " + MAX_FIELDS + " custom fields", MAX_FIELDS);
		}
		long id;
		try {
			id = jdbc.sql("insert into custom_field (corp_id, code, label, type, options, sort_order, created_at)"
					+ " values (:corp, :code, :label, :type, :options, (select coalesce(max(sort_order), 0) + 1"
					+ " from custom_field where corp_id = :corp), :now)")
				.param("code", code)
				.param("label", label.trim())
				.param("type", type.name())
				.param("options", opts.isEmpty() ? null : String.join(MULTI_SEPARATOR, opts))
				.param("now", Timestamps.of(clock.instant()))
				.insert();
		}
		catch (DuplicateKeyException e) {
			throw new ConflictException("error.field.codeTaken", "A field with code '" + code + "' exists", code);
		}
		auditor.record("field.defined", "custom_field", id, "Defined field " + code + " (" + type + ")");
		return field(id);
	}

	/** Changes label, options (choices may be added or renamed; values of removed choices stay until edited), order. */
	@Transactional
	public CustomField update(long id, String label, List<String> options, Integer sortOrder, Boolean archived) {
		Actors.require(Permission.SETTINGS_MANAGE);
		CustomField field = field(id);
		if (label != null) {
			requireLabel(label);
		}
		List<String> opts = options == null ? field.options() : options(field.type(), options);
		jdbc.sql("update custom_field set label = :label, options = :options, sort_order = :sort, archived = :archived"
				+ " where id = :id and corp_id = :corp")
			.param("label", label == null ? field.label() : label.trim())
			.param("options", opts.isEmpty() ? null : String.join(MULTI_SEPARATOR, opts))
			.param("sort", sortOrder == null ? field.sortOrder() : sortOrder)
			.param("archived", archived == null ? field.archived() : archived)
			.param("id", id)
			.update();
		auditor.record("field.updated", "custom_field", id, "Updated field " + field.code());
		return field(id);
	}

	public CustomField field(long id) {
		Actors.require(Permission.CUSTOMERS_READ);
		return jdbc.sql("select id, code, label, type, options, sort_order, archived from custom_field where id = :id"
				+ " and corp_id = :corp").param("id", id).optional(CustomFields::map)
			.orElseThrow(() -> new NotFoundException("Field " + id + " not found"));
	}

	/** Field values of one customer by code (text, BigDecimal, LocalDate or a list of choices). */
	public Map<String, Object> valuesOf(long customerId) {
		Map<String, Object> values = new LinkedHashMap<>();
		jdbc.sql("select f.code, f.type, v.text_value, v.number_value, v.date_value from customer_field_value v"
				+ " join custom_field f on f.id = v.field_id where v.customer_id = :id and v.corp_id = :corp and "
				+ CustomerScope.visible("v.customer_id") + " order by f.sort_order, f.id")
			.param("id", customerId)
			.list((rs, i) -> values.put(rs.getString(1), value(CustomField.Type.valueOf(rs.getString(2)), rs)));
		return values;
	}

	/** Field values of many customers (exports): customer id → code → value, visible customers only. */
	Map<Long, Map<String, Object>> valuesOf(Collection<Long> customerIds) {
		Map<Long, Map<String, Object>> values = new HashMap<>();
		if (customerIds.isEmpty()) {
			return values;
		}
		jdbc.sql("select v.customer_id, f.code, f.type, v.text_value, v.number_value, v.date_value from customer_field_value v"
				+ " join custom_field f on f.id = v.field_id where v.customer_id in (:ids) and v.corp_id = :corp and "
				+ CustomerScope.visibleAmong("v.customer_id"))
			.param("ids", customerIds)
			.list((rs, i) -> values.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getString(2),
					valueAt(CustomField.Type.valueOf(rs.getString(3)), rs)));
		return values;
	}

	private static Object valueAt(CustomField.Type type, ResultSet rs) throws SQLException {
		return switch (type) {
			case TEXT, SINGLE -> rs.getString(4);
			case MULTI -> rs.getString(4) == null ? List.of() : List.of(rs.getString(4).split(MULTI_SEPARATOR));
			case NUMBER -> rs.getBigDecimal(5) == null ? null : rs.getBigDecimal(5).stripTrailingZeros();
			case DATE -> rs.getDate(6) == null ? null : rs.getDate(6).toLocalDate();
		};
	}

	/**
	 * Sets fields of one customer from raw inputs (strings, numbers, dates, lists): every value is checked first, then
	 * all are written. Unknown codes and bad values are a 400 and change nothing.
	 */
	@Transactional
	public void set(long customerId, Map<String, ?> raw) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		requireVisible(List.of(customerId));
		Map<CustomField, Object> parsed = parseAll(raw);
		write(List.of(customerId), parsed);
		timeline.appendAll(List.of(new Timeline.NewEvent(customerId, TimelineKinds.FIELDS_EDITED, clock.instant(), null,
				null, null, describe(parsed))));
		events.publishEvent(new CustomersChanged(Actors.require().requireCorp(), List.of(customerId)));
	}

	/** Sets the same field values on many customers at once (bulk edit); all or nothing. Returns how many changed. */
	@Transactional
	public int setForMany(Collection<Long> customerIds, Map<String, ?> raw) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		List<Long> ids = List.copyOf(new LinkedHashSet<>(customerIds));
		if (ids.isEmpty()) {
			return 0;
		}
		if (ids.size() > 100_000) {
			throw new BadRequestException("error.field.bulkTooLarge", "At most 100,000 customers per bulk edit");
		}
		requireVisible(ids);
		Map<CustomField, Object> parsed = parseAll(raw);
		write(ids, parsed);
		String detail = describe(parsed);
		timeline.appendAll(ids.stream().map(id -> new Timeline.NewEvent(id, TimelineKinds.FIELDS_EDITED, clock.instant(),
				null, "bulk", null, detail)).toList());
		auditor.record("field.bulk", "customer", null, "Set " + detail + " on " + ids.size() + " customers");
		events.publishEvent(new CustomersChanged(Actors.require().requireCorp(), ids));
		return ids.size();
	}

	/** Parses and checks raw values by field code (for imports: check every row before writing any). */
	public Map<CustomField, Object> parseAll(Map<String, ?> raw) {
		Map<String, CustomField> byCode = new HashMap<>();
		definitions(false).forEach(f -> byCode.put(f.code(), f));
		Map<CustomField, Object> parsed = new LinkedHashMap<>();
		raw.forEach((code, value) -> {
			CustomField field = byCode.get(code);
			if (field == null) {
				throw new BadRequestException("error.field.unknown", "Unknown custom field '" + code + "'", code);
			}
			parsed.put(field, parse(field, value));
		});
		return parsed;
	}

	/** The stored form of a raw value, or null to clear; a 400 naming the field when it does not fit. */
	public static Object parse(CustomField field, Object raw) {
		if (raw == null || (raw instanceof String s && s.isBlank())
				|| (raw instanceof Collection<?> c && c.isEmpty())) {
			return null;
		}
		try {
			return switch (field.type()) {
				case TEXT -> {
					String s = raw.toString().trim();
					if (s.length() > 2000) {
						throw bad(field, "at most 2,000 characters");
					}
					yield s;
				}
				case NUMBER -> raw instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(raw.toString().trim());
				case DATE -> raw instanceof LocalDate d ? d : LocalDate.parse(raw.toString().trim());
				case SINGLE -> {
					String s = raw.toString().trim();
					if (!field.options().contains(s)) {
						throw bad(field, "not one of " + field.options());
					}
					yield s;
				}
				case MULTI -> {
					List<String> chosen = raw instanceof Collection<?> c ? c.stream().map(o -> o.toString().trim()).toList()
							: Arrays.stream(raw.toString().split("[,，;；|\n]")).map(String::trim).filter(x -> !x.isEmpty())
								.toList();
					for (String s : chosen) {
						if (!field.options().contains(s)) {
							throw bad(field, "'" + s + "' is not one of " + field.options());
						}
					}
					yield List.copyOf(new LinkedHashSet<>(chosen));
				}
			};
		}
		catch (NumberFormatException | DateTimeParseException e) {
			throw bad(field, field.type() == CustomField.Type.NUMBER ? "not a number" : "not a date (YYYY-MM-DD)");
		}
	}

	/** Writes checked values of visible customers (as the system on the actor's behalf: rows, not scope, are at stake). */
	private void write(List<Long> ids, Map<CustomField, Object> parsed) {
		Actors.runAs(Actors.require().onBehalfAsSystem(), () -> writeChecked(ids, parsed));
	}

	private void writeChecked(List<Long> ids, Map<CustomField, Object> parsed) {
		Timestamp now = Timestamps.of(clock.instant());
		for (Map.Entry<CustomField, Object> e : parsed.entrySet()) {
			CustomField field = e.getKey();
			for (int from = 0; from < ids.size(); from += 1000) {
				List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
				jdbc.sql("delete from customer_field_value where corp_id = :corp and field_id = :field"
						+ " and customer_id in (:ids) and " + CustomerScope.system())
					.param("field", field.id())
					.param("ids", chunk)
					.update();
				if (e.getValue() == null) {
					continue;
				}
				List<Map<String, Object>> rows = new ArrayList<>(chunk.size());
				for (Long id : chunk) {
					Map<String, Object> row = new HashMap<>();
					row.put("customer", id);
					row.put("field", field.id());
					row.put("text", e.getValue() instanceof String s ? s
							: e.getValue() instanceof List<?> l ? String.join(MULTI_SEPARATOR, l.stream().map(Object::toString).toList())
									: null);
					row.put("number", e.getValue() instanceof BigDecimal n ? n : null);
					row.put("date", e.getValue() instanceof LocalDate d ? Date.valueOf(d) : null);
					row.put("now", now);
					rows.add(row);
				}
				jdbc.sql("insert into customer_field_value (corp_id, customer_id, field_id, text_value, number_value,"
						+ " date_value, updated_at) values (:corp, :customer, :field, :text, :number, :date, :now)").batch(rows);
			}
		}
	}

	/**
	 * Writes checked values that differ per customer (imports), in batches; a null value clears. For the system: the
	 * caller has checked what the actor may change.
	 */
	void writeEach(Map<Long, Map<CustomField, Object>> values) {
		Map<CustomField, Map<Long, Object>> byField = new LinkedHashMap<>();
		values.forEach((customer, fields) -> fields.forEach((f, v) -> byField.computeIfAbsent(f, k -> new LinkedHashMap<>())
			.put(customer, v)));
		Timestamp now = Timestamps.of(clock.instant());
		byField.forEach((field, perCustomer) -> {
			List<Long> ids = List.copyOf(perCustomer.keySet());
			for (int from = 0; from < ids.size(); from += 1000) {
				List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
				jdbc.sql("delete from customer_field_value where corp_id = :corp and field_id = :field"
						+ " and customer_id in (:ids) and " + CustomerScope.system())
					.param("field", field.id())
					.param("ids", chunk)
					.update();
				List<Map<String, Object>> rows = new ArrayList<>(chunk.size());
				for (Long id : chunk) {
					Object value = perCustomer.get(id);
					if (value == null) {
						continue;
					}
					Map<String, Object> row = new HashMap<>();
					row.put("customer", id);
					row.put("field", field.id());
					row.put("text", value instanceof String s ? s
							: value instanceof List<?> l ? String.join(MULTI_SEPARATOR, l.stream().map(Object::toString).toList())
									: null);
					row.put("number", value instanceof BigDecimal n ? n : null);
					row.put("date", value instanceof LocalDate d ? Date.valueOf(d) : null);
					row.put("now", now);
					rows.add(row);
				}
				jdbc.sql("insert into customer_field_value (corp_id, customer_id, field_id, text_value, number_value,"
						+ " date_value, updated_at) values (:corp, :customer, :field, :text, :number, :date, :now)").batch(rows);
			}
		});
	}

	private void requireVisible(List<Long> ids) {
		for (int from = 0; from < ids.size(); from += 1000) {
			List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
			long visible = jdbc.sql("select count(*) from customer c where c.corp_id = :corp and c.id in (:ids)"
					+ " and c.merged_into is null and " + CustomerScope.visible("c.id")).param("ids", chunk).count();
			if (visible != chunk.size()) {
				throw new NotFoundException("Some of the customers do not exist");
			}
		}
	}

	private static Object value(CustomField.Type type, ResultSet rs) throws SQLException {
		return switch (type) {
			case TEXT, SINGLE -> rs.getString(3);
			case MULTI -> rs.getString(3) == null ? List.of() : List.of(rs.getString(3).split(MULTI_SEPARATOR));
			case NUMBER -> rs.getBigDecimal(4) == null ? null : rs.getBigDecimal(4).stripTrailingZeros();
			case DATE -> rs.getDate(5) == null ? null : rs.getDate(5).toLocalDate();
		};
	}

	private static List<String> options(CustomField.Type type, List<String> options) {
		if (!type.hasOptions()) {
			return List.of();
		}
		List<String> cleaned = options == null ? List.of()
				: options.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
		if (cleaned.isEmpty() || cleaned.size() > 200 || cleaned.stream().anyMatch(s -> s.length() > 50 || s.contains(","))) {
			throw new BadRequestException("error.field.options",
					"A choice field needs 1–200 choices of at most 50 characters, without commas");
		}
		return cleaned;
	}

	private static void requireLabel(String label) {
		if (label == null || label.isBlank() || label.trim().length() > 100) {
			throw new BadRequestException("error.field.label", "A field label is 1–100 characters");
		}
	}

	private static String describe(Map<CustomField, Object> parsed) {
		List<String> parts = new ArrayList<>();
		parsed.forEach((f, v) -> parts.add(f.label() + " = " + (v == null ? "—" : v instanceof List<?> l
				? String.join("、", l.stream().map(Object::toString).toList()) : v.toString())));
		return String.join("; ", parts);
	}

	private static BadRequestException bad(CustomField field, String problem) {
		return new BadRequestException("error.field.value", "Field '" + field.label() + "': " + problem, field.label(),
				problem);
	}

	private static CustomField map(ResultSet rs, int i) throws SQLException {
		String options = rs.getString("options");
		return new CustomField(rs.getLong("id"), rs.getString("code"), rs.getString("label"),
				CustomField.Type.valueOf(rs.getString("type")),
				options == null ? List.of() : List.of(options.split(MULTI_SEPARATOR)), rs.getInt("sort_order"),
				rs.getBoolean("archived"));
	}

	static Set<String> codes(List<CustomField> fields) {
		Set<String> codes = new LinkedHashSet<>();
		fields.forEach(f -> codes.add(f.code()));
		return codes;
	}
}
