package io.siyu.customer.web;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.siyu.customer.CustomFields;
import io.siyu.customer.CustomerDetail;
import io.siyu.customer.CustomerSummary;
import io.siyu.customer.Customers;
import io.siyu.customer.ProfileSection;
import io.siyu.customer.Stage;
import io.siyu.customer.TagLabels;
import io.siyu.customer.Timeline;
import io.siyu.customer.TimelineEntry;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.Staff;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffFilter;
import io.siyu.organization.StaffStatus;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;

/** The customer list (filters, paging, sort; htmx swaps the results) and the 360° profile with its timeline. */
@Controller
class CustomerConsole {

	static final int TIMELINE_PAGE = 30;

	private final Customers customers;

	private final TagLabels tags;

	private final StaffDirectory staff;

	private final OrgUnits units;

	private final Timeline timeline;

	private final CustomFields fields;

	private final List<ProfileSection> sections;

	CustomerConsole(Customers customers, TagLabels tags, StaffDirectory staff, OrgUnits units, Timeline timeline,
			CustomFields fields, List<ProfileSection> sections) {
		this.customers = customers;
		this.tags = tags;
		this.staff = staff;
		this.units = units;
		this.timeline = timeline;
		this.fields = fields;
		this.sections = sections;
	}

	@GetMapping("/console/customers")
	String list(@ModelAttribute("params") CustomerListParams params, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, Model model) {
		Page<CustomerSummary> result = customers.list(params.filter(),
				new PageQuery(Math.max(page, 0), Math.min(Math.max(size, 1), 100)));
		model.addAttribute("result", result);
		model.addAttribute("labels", labels(result.items()));
		model.addAttribute("allTags", tags.all());
		model.addAttribute("units", units.tree());
		model.addAttribute("staffList", staffInScope());
		model.addAttribute("stages", Stage.values());
		model.addAttribute("query", params.query());
		model.addAttribute("fieldDefs", fields.definitions(false));
		return "console/customers";
	}

	@GetMapping("/console/customers/{id}")
	String profile(@PathVariable long id, Model model) {
		CustomerDetail customer = customers.get(id);
		Set<Long> tagIds = new HashSet<>(customer.tagIds());
		customer.follows().forEach(f -> tagIds.addAll(f.tagIds()));
		List<TimelineEntry> entries = timeline.page(id, null, TIMELINE_PAGE, null);
		entries.stream().filter(e -> e.kind().endsWith("tagged") && e.ref() != null && e.ref().matches("\\d+"))
			.forEach(e -> tagIds.add(Long.valueOf(e.ref())));
		model.addAttribute("c", customer);
		model.addAttribute("labels", tags.labels(tagIds));
		model.addAttribute("allTags", tags.all());
		model.addAttribute("fieldDefs", fields.definitions(false));
		model.addAttribute("stages", Stage.values());
		model.addAttribute("entries", entries);
		model.addAttribute("more", entries.size() == TIMELINE_PAGE);
		model.addAttribute("duplicates", customers.duplicatesOf(id));
		model.addAttribute("sections", sections.stream().filter(ProfileSection::visible)
			.sorted(Comparator.comparingInt(ProfileSection::order)).toList());
		return "console/customer";
	}

	/** The next page of the timeline (endless scroll): events older than {@code before}. */
	@GetMapping("/console/customers/{id}/timeline")
	String timeline(@PathVariable long id, @RequestParam(required = false) Long before,
			@RequestParam(required = false) List<String> kinds, Model model) {
		List<TimelineEntry> entries = timeline.page(id, before, TIMELINE_PAGE, kinds);
		Set<Long> tagIds = new HashSet<>();
		entries.stream().filter(e -> e.kind().endsWith("tagged") && e.ref() != null && e.ref().matches("\\d+"))
			.forEach(e -> tagIds.add(Long.valueOf(e.ref())));
		model.addAttribute("c", Map.of("id", id));
		model.addAttribute("labels", tags.labels(tagIds));
		model.addAttribute("entries", entries);
		model.addAttribute("more", entries.size() == TIMELINE_PAGE);
		return "console/customer :: timeline-items";
	}

	private Map<Long, TagLabels.Label> labels(List<CustomerSummary> rows) {
		Set<Long> ids = new HashSet<>();
		rows.forEach(r -> ids.addAll(r.tagIds()));
		return tags.labels(ids);
	}

	private List<Staff> staffInScope() {
		return staff.list(new StaffFilter(null, null, StaffStatus.ACTIVE, null), new PageQuery(0, PageQuery.MAX_SIZE))
			.items();
	}
}
