package io.siyu.community.web;

import java.time.LocalDate;
import java.time.ZoneId;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.siyu.community.CustomerGroups;
import io.siyu.community.GroupFilter;
import io.siyu.organization.OrgUnits;
import io.siyu.shared.PageQuery;

/** Group list with filters and paging, group detail with members and daily statistics, a customer's groups. */
@Controller
class GroupConsole {

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private final CustomerGroups groups;

	private final OrgUnits units;

	GroupConsole(CustomerGroups groups, OrgUnits units) {
		this.groups = groups;
		this.units = units;
	}

	@GetMapping("/console/groups")
	String list(@RequestParam(required = false) String q, @RequestParam(required = false) Long unitId,
			@RequestParam(required = false) Boolean dismissed, @RequestParam(defaultValue = "0") int page, Model model) {
		GroupFilter filter = new GroupFilter(q, null, unitId, dismissed == null ? Boolean.FALSE : dismissed);
		model.addAttribute("filter", filter);
		model.addAttribute("result", groups.list(filter, new PageQuery(Math.max(page, 0), 20)));
		model.addAttribute("units", units.tree());
		return "console/groups";
	}

	@GetMapping("/console/groups/{id}")
	String detail(@PathVariable long id, @RequestParam(defaultValue = "0") int page, Model model) {
		LocalDate today = LocalDate.now(CHINA);
		model.addAttribute("g", groups.get(id));
		model.addAttribute("members", groups.members(id, new PageQuery(Math.max(page, 0), 50)));
		model.addAttribute("days", groups.days(id, today.minusDays(29), today));
		return "console/group";
	}

	/** The groups section of the customer profile (loaded by htmx). */
	@GetMapping("/console/customers/{id}/groups")
	String ofCustomer(@PathVariable long id, Model model) {
		model.addAttribute("groups", groups.of(id));
		return "console/group :: customer-groups";
	}
}
