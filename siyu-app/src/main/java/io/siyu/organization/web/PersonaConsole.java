package io.siyu.organization.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.organization.PersonaKind;
import io.siyu.organization.Personas;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.web.ConsoleErrors;

/** Personas (人设) staff present to customers. */
@Controller
class PersonaConsole {

	private final Personas personas;

	private final ConsoleErrors errors;

	PersonaConsole(Personas personas, ConsoleErrors errors) {
		this.errors = errors;
		this.personas = personas;
	}

	@GetMapping("/console/personas")
	String list(Model model) {
		model.addAttribute("personas", personas.list());
		model.addAttribute("kinds", PersonaKind.values());
		return "console/personas";
	}

	@PostMapping("/console/personas")
	String create(@RequestParam PersonaKind kind, @RequestParam String displayName,
			@RequestParam(required = false) String intro, @RequestParam(required = false) String avatarUrl,
			RedirectAttributes flash) {
		try {
			personas.create(kind, displayName, intro, avatarUrl);
			flash.addFlashAttribute("flash", "flash.saved");
		}
		catch (BadRequestException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/personas";
	}

	@PostMapping("/console/personas/{id}")
	String update(@PathVariable long id, @RequestParam PersonaKind kind, @RequestParam String displayName,
			@RequestParam(required = false) String intro, @RequestParam(required = false) String avatarUrl,
			RedirectAttributes flash) {
		try {
			personas.update(id, kind, displayName, intro, avatarUrl);
			flash.addFlashAttribute("flash", "flash.saved");
		}
		catch (BadRequestException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/personas";
	}
}
