package io.siyu.organization.web;

import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.organization.Corps;
import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.web.ConsoleErrors;
import io.siyu.shared.Role.Permission;

/** Platform administration: the corps of this installation; the administrator chooses which one to work in. */
@Controller
class CorpsConsole {

	/** Same key the actor filter reads; kept in one string because the filter is internal to security. */
	static final String SESSION_CORP = "siyu.corp";

	private final Corps corps;

	private final ConsoleErrors errors;

	CorpsConsole(Corps corps, ConsoleErrors errors) {
		this.errors = errors;
		this.corps = corps;
	}

	@GetMapping("/console/corps")
	String list(Model model) {
		model.addAttribute("corps", corps.list());
		return "console/corps";
	}

	@PostMapping("/console/corps")
	String create(@RequestParam String name, RedirectAttributes flash) {
		try {
			corps.create(name, false);
			flash.addFlashAttribute("flash", "flash.corpCreated");
		}
		catch (BadRequestException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/corps";
	}

	@PostMapping("/console/corps/{id}/active")
	String active(@PathVariable long id, @RequestParam boolean active, RedirectAttributes flash) {
		corps.setActive(id, active);
		flash.addFlashAttribute("flash", "flash.saved");
		return "redirect:/console/corps";
	}

	@PostMapping("/console/corps/{id}/enter")
	String enter(@PathVariable long id, HttpSession session) {
		Actors.require(Permission.CORPS_MANAGE);
		corps.get(id);
		session.setAttribute(SESSION_CORP, id);
		return "redirect:/console";
	}
}
