package io.siyu.organization.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.organization.NewUser;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffFilter;
import io.siyu.organization.UserAccounts;
import io.siyu.organization.UserChange;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.web.ConsoleErrors;
import io.siyu.shared.ConflictException;
import io.siyu.shared.ForbiddenException;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role;
import io.siyu.shared.RuleViolationException;

/** Console users, their roles and data scopes. */
@Controller
class UserConsole {

	private final UserAccounts users;

	private final OrgUnits units;

	private final StaffDirectory staff;

	private final ConsoleErrors errors;

	UserConsole(UserAccounts users, OrgUnits units, StaffDirectory staff, ConsoleErrors errors) {
		this.errors = errors;
		this.users = users;
		this.units = units;
		this.staff = staff;
	}

	@GetMapping("/console/users")
	String list(@RequestParam(required = false) String q, @RequestParam(required = false) Role role,
			@RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("q", q);
		model.addAttribute("role", role);
		model.addAttribute("result", users.list(q, role, new PageQuery(Math.max(page, 0), 20)));
		addChoices(model);
		return "console/users";
	}

	@GetMapping("/console/users/{id}")
	String edit(@PathVariable long id, Model model) {
		model.addAttribute("user", users.get(id));
		addChoices(model);
		return "console/user-edit";
	}

	@PostMapping("/console/users")
	String create(@RequestParam String username, @RequestParam String displayName, @RequestParam String password,
			@RequestParam Role role, @RequestParam(required = false) Long scopeUnitId,
			@RequestParam(required = false) Long staffId, RedirectAttributes flash) {
		try {
			users.create(new NewUser(username, displayName, password, role, scopeUnitId, staffId));
			flash.addFlashAttribute("flash", "flash.userCreated");
		}
		catch (BadRequestException | ConflictException | ForbiddenException | RuleViolationException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/users";
	}

	@PostMapping("/console/users/{id}")
	String update(@PathVariable long id, @RequestParam String displayName, @RequestParam Role role,
			@RequestParam(required = false) Long scopeUnitId, @RequestParam(required = false) Long staffId,
			@RequestParam(defaultValue = "false") boolean enabled, @RequestParam(required = false) String password,
			RedirectAttributes flash) {
		try {
			users.update(id, new UserChange(displayName, role, scopeUnitId, staffId, enabled,
					password == null || password.isEmpty() ? null : password));
			flash.addFlashAttribute("flash", "flash.saved");
		}
		catch (BadRequestException | ConflictException | ForbiddenException | RuleViolationException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/users/" + id;
	}

	private void addChoices(Model model) {
		model.addAttribute("roles", java.util.Arrays.stream(Role.values()).filter(r -> r != Role.PLATFORM_ADMIN).toList());
		model.addAttribute("units", units.tree());
		model.addAttribute("staffChoices", staff.list(StaffFilter.none(), new PageQuery(0, PageQuery.MAX_SIZE)).items());
	}
}
