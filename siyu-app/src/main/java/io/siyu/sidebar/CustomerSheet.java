package io.siyu.sidebar;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.siyu.community.CustomerGroupView;
import io.siyu.community.CustomerGroups;
import io.siyu.customer.CustomField;
import io.siyu.customer.CustomFields;
import io.siyu.customer.CustomerDetail;
import io.siyu.customer.Customers;
import io.siyu.customer.FollowView;
import io.siyu.customer.TagLabels;
import io.siyu.shared.NotFoundException;
import io.siyu.tagging.TagCatalog;
import io.siyu.tagging.TagGroupView;
import io.siyu.tagging.TagView;

/**
 * What the sidebar shows of one customer, read through the customer, tagging and community facades as the signed-in
 * member's guide actor (so only their own customers are found at all).
 */
@Component
class CustomerSheet {

	private static final java.util.regex.Pattern EXTERNAL_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

	private final Customers customers;

	private final TagLabels labels;

	private final TagCatalog catalog;

	private final CustomFields fields;

	private final CustomerGroups groups;

	CustomerSheet(Customers customers, TagLabels labels, TagCatalog catalog, CustomFields fields,
			CustomerGroups groups) {
		this.customers = customers;
		this.labels = labels;
		this.catalog = catalog;
		this.fields = fields;
		this.groups = groups;
	}

	/** The customer with this external_userid if the member may see them; 404 otherwise (also for malformed ids). */
	long idOf(String externalUserId) {
		if (externalUserId == null || !EXTERNAL_ID.matcher(externalUserId).matches()) {
			throw new NotFoundException("sidebar.notFound", "No such customer");
		}
		return customers.idOf(externalUserId)
			.orElseThrow(() -> new NotFoundException("sidebar.notFound", "No such customer"));
	}

	CustomerDetail detail(long customerId) {
		return customers.get(customerId);
	}

	/** The signed-in member's own relation to the customer (null when there is none, e.g. an import assignment). */
	static FollowView mine(CustomerDetail customer, String userid) {
		return customer.follows().stream().filter(f -> userid.equals(f.userid())).findFirst().orElse(null);
	}

	private static final Set<Integer> ADD_WAYS = Set.of(0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 201, 202);

	/** The message key of how the customer was added (WeCom's add_way). */
	static String addWayKey(FollowView follow) {
		Integer way = follow == null ? null : follow.addWay();
		return way == null ? null : ADD_WAYS.contains(way) ? "sidebar.addWay." + way : "sidebar.addWay.other";
	}

	/** Colleagues who also have the customer as an active friend. */
	static List<String> colleagues(CustomerDetail customer, String userid) {
		return customer.follows().stream()
			.filter(f -> f.active() && !userid.equals(f.userid()) && !f.userid().isEmpty())
			.map(f -> f.staffName() == null ? f.userid() : f.staffName())
			.toList();
	}

	/** The customer's tags by group, in the catalog's order. */
	List<TagChips> tags(CustomerDetail customer) {
		Map<Long, TagLabels.Label> found = labels.labels(customer.tagIds());
		Map<String, List<TagLabels.Label>> byGroup = new LinkedHashMap<>();
		found.values().stream()
			.filter(l -> !l.deleted())
			.sorted(java.util.Comparator.comparing(TagLabels.Label::groupId).thenComparing(TagLabels.Label::id))
			.forEach(l -> byGroup.computeIfAbsent(l.groupName(), k -> new ArrayList<>()).add(l));
		return byGroup.entrySet().stream().map(e -> new TagChips(e.getKey(), e.getValue())).toList();
	}

	/** The whole catalog with the customer's tags checked; tags WeCom does not know yet cannot be chosen. */
	List<TagChoiceGroup> tagChoices(CustomerDetail customer) {
		Set<Long> carried = Set.copyOf(customer.tagIds());
		List<TagChoiceGroup> result = new ArrayList<>();
		for (TagGroupView group : catalog.groups()) {
			List<TagChoice> choices = new ArrayList<>();
			for (TagView tag : group.tags()) {
				choices.add(new TagChoice(tag.id(), tag.name(), carried.contains(tag.id()), tag.wecomId() == null));
			}
			if (!choices.isEmpty()) {
				result.add(new TagChoiceGroup(group.id(), group.name(), choices));
			}
		}
		return result;
	}

	/** Live custom fields with this customer's values, in display order. */
	List<FieldRow> fields(CustomerDetail customer) {
		List<FieldRow> rows = new ArrayList<>();
		for (CustomField field : fields.definitions(false)) {
			rows.add(new FieldRow(field, customer.fields().get(field.code())));
		}
		return rows;
	}

	/** Of the submitted values, those that differ from what is stored (so the timeline records real changes only). */
	Map<String, Object> changedFields(CustomerDetail customer, Map<String, Object> submitted) {
		Map<String, Object> changed = new LinkedHashMap<>();
		for (CustomField field : fields.definitions(false)) {
			if (!submitted.containsKey(field.code())) {
				continue;
			}
			Object parsed = CustomFields.parse(field, submitted.get(field.code()));
			if (!same(parsed, customer.fields().get(field.code()))) {
				changed.put(field.code(), submitted.get(field.code()));
			}
		}
		return changed;
	}

	List<CustomerGroupView> groups(long customerId) {
		return groups.of(customerId);
	}

	private static boolean same(Object a, Object b) {
		if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
			return x.compareTo(y) == 0;
		}
		if (a instanceof Collection<?> x && b instanceof Collection<?> y) {
			return Set.copyOf(x).equals(Set.copyOf(y));
		}
		if (a == null && b instanceof Collection<?> y) {
			return y.isEmpty();
		}
		return Objects.equals(a, b);
	}

	record TagChips(String group, List<TagLabels.Label> tags) {
	}

	record TagChoiceGroup(long id, String name, List<TagChoice> tags) {
	}

	record TagChoice(long id, String name, boolean checked, boolean pending) {
	}

	/** A field and the customer's value (text, BigDecimal, LocalDate or a list of choices; null when empty). */
	record FieldRow(CustomField field, Object value) {

		public String display() {
			if (value == null) {
				return null;
			}
			if (value instanceof List<?> list) {
				return list.isEmpty() ? null : String.join("、", list.stream().map(Object::toString).toList());
			}
			if (value instanceof BigDecimal number) {
				return number.stripTrailingZeros().toPlainString();
			}
			return value instanceof LocalDate date ? date.toString() : value.toString();
		}

		public boolean has(String option) {
			return value instanceof List<?> list ? list.contains(option) : Objects.equals(value, option);
		}

		/** The value as an input's value attribute. */
		public String input() {
			String shown = display();
			return shown == null ? "" : value instanceof List<?> ? "" : shown;
		}
	}
}
