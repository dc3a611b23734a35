package io.siyu.organization.web;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.organization.OrgUnit;
import io.siyu.organization.OrgUnitKind;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.StaffDirectory;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.web.ConsoleErrors;
import io.siyu.shared.RuleViolationException;

/** The org tree page: HQ → regions → stores, with staff counts; create, rename, move and delete units. */
@Controller
class OrgConsole {

	private final OrgUnits units;

	private final StaffDirectory staff;

	private final ConsoleErrors errors;

	OrgConsole(OrgUnits units, StaffDirectory staff, ConsoleErrors errors) {
		this.errors = errors;
		this.units = units;
		this.staff = staff;
	}

	@GetMapping("/console/org")
	String tree(Model model) {
		List<OrgUnit> tree = units.tree();
		model.addAttribute("tree", tree);
		model.addAttribute("counts", staff.countByUnit());
		model.addAttribute("kinds", OrgUnitKind.values());
		return "console/org";
	}

	@PostMapping("/console/org")
	String create(@RequestParam Long parentId, @RequestParam String name, @RequestParam OrgUnitKind kind,
			RedirectAttributes flash) {
		return act(flash, () -> units.create(parentId, name, kind), "flash.unitCreated");
	}

	@PostMapping("/console/org/{id}")
	String update(@PathVariable long id, @RequestParam String name, @RequestParam(required = false) Long parentId,
			@RequestParam(required = false) OrgUnitKind kind, RedirectAttributes flash) {
		return act(flash, () -> units.update(id, name, parentId, kind, null), "flash.saved");
	}

	@PostMapping("/console/org/{id}/delete")
	String delete(@PathVariable long id, RedirectAttributes flash) {
		return act(flash, () -> units.delete(id), "flash.deleted");
	}

	private String act(RedirectAttributes flash, Runnable action, String success) {
		try {
			action.run();
			flash.addFlashAttribute("flash", success);
		}
		catch (BadRequestException | RuleViolationException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/org";
	}
}
