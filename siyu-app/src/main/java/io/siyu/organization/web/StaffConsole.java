package io.siyu.organization.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.organization.OrgUnits;
import io.siyu.organization.Personas;
import io.siyu.organization.Staff;
import io.siyu.organization.StaffChange;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffFilter;
import io.siyu.organization.StaffStatus;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.web.ConsoleErrors;
import io.siyu.shared.ConflictException;
import io.siyu.shared.PageQuery;
import io.siyu.shared.RuleViolationException;

/** Staff list with filters and paging (htmx swaps the table), and the staff edit page. */
@Controller
class StaffConsole {

	private final StaffDirectory staff;

	private final OrgUnits units;

	private final Personas personas;

	private final ConsoleErrors errors;

	StaffConsole(StaffDirectory staff, OrgUnits units, Personas personas, ConsoleErrors errors) {
		this.errors = errors;
		this.staff = staff;
		this.units = units;
		this.personas = personas;
	}

	@GetMapping("/console/staff")
	String list(@RequestParam(required = false) String q, @RequestParam(required = false) Long unitId,
			@RequestParam(required = false) StaffStatus status, @RequestParam(required = false) Long personaId,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size, Model model) {
		StaffFilter filter = new StaffFilter(q, unitId, status, personaId);
		model.addAttribute("filter", filter);
		model.addAttribute("result", staff.list(filter, new PageQuery(Math.max(page, 0), Math.min(Math.max(size, 1), 100))));
		model.addAttribute("units", units.tree());
		model.addAttribute("personas", personas.list());
		model.addAttribute("statuses", StaffStatus.values());
		return "console/staff";
	}

	@GetMapping("/console/staff/{id}")
	String edit(@PathVariable long id, Model model) {
		model.addAttribute("member", staff.get(id));
		model.addAttribute("units", units.tree());
		model.addAttribute("personas", personas.list());
		model.addAttribute("statuses", StaffStatus.values());
		return "console/staff-edit";
	}

	@PostMapping("/console/staff/{id}")
	String update(@PathVariable long id, @RequestParam String name, @RequestParam Long orgUnitId,
			@RequestParam(required = false) String position, @RequestParam(required = false) Long personaId,
			@RequestParam StaffStatus status, RedirectAttributes flash) {
		try {
			staff.update(id, new StaffChange(name, orgUnitId, position == null ? "" : position, personaId,
					personaId == null, status));
			flash.addFlashAttribute("flash", "flash.saved");
		}
		catch (BadRequestException | RuleViolationException e) {
			flash.addFlashAttribute("error", errors.describe(e));
			return "redirect:/console/staff/" + id;
		}
		return "redirect:/console/staff/" + id;
	}

	@PostMapping("/console/staff")
	String create(@RequestParam String userid, @RequestParam String name, @RequestParam Long orgUnitId,
			@RequestParam(required = false) String position, @RequestParam(required = false) Long personaId,
			RedirectAttributes flash) {
		try {
			Staff created = staff.create(userid, name, orgUnitId, position, personaId);
			flash.addFlashAttribute("flash", "flash.staffCreated");
			return "redirect:/console/staff/" + created.id();
		}
		catch (BadRequestException | ConflictException | RuleViolationException e) {
			flash.addFlashAttribute("error", errors.describe(e));
			return "redirect:/console/staff";
		}
	}
}
