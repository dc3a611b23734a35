package io.siyu.customer.web;

import java.util.Arrays;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.customer.CustomField;
import io.siyu.customer.CustomFields;
import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.LocalizedException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.web.ConsoleErrors;

/**
 * {@code /console/settings/fields}: the corp's custom fields — define (text, number, date, single or multiple choice
 * with options), rename, change options, reorder, archive and restore.
 */
@Controller
class FieldSettingsConsole {

	private final CustomFields fields;

	private final ConsoleErrors errors;

	FieldSettingsConsole(CustomFields fields, ConsoleErrors errors) {
		this.fields = fields;
		this.errors = errors;
	}

	@GetMapping("/console/settings/fields")
	String list(Model model) {
		Actors.require(Permission.SETTINGS_MANAGE);
		model.addAttribute("fields", fields.definitions(true));
		model.addAttribute("types", CustomField.Type.values());
		return "console/customer-fields";
	}

	@PostMapping("/console/settings/fields")
	String define(@RequestParam(defaultValue = "") String code, @RequestParam(defaultValue = "") String label,
			@RequestParam(required = false) String type, @RequestParam(defaultValue = "") String options,
			RedirectAttributes flash) {
		return run(flash, () -> fields.define(code.trim(), label, type(type), lines(options)));
	}

	@PostMapping("/console/settings/fields/{id}")
	String update(@PathVariable long id, @RequestParam(defaultValue = "") String label,
			@RequestParam(required = false) String options, RedirectAttributes flash) {
		return run(flash, () -> {
			CustomField field = fields.field(id);
			fields.update(id, label, field.type().hasOptions() && options != null ? lines(options) : null, null, null);
		});
	}

	@PostMapping("/console/settings/fields/{id}/archive")
	String archive(@PathVariable long id, @RequestParam(defaultValue = "true") boolean archived,
			RedirectAttributes flash) {
		return run(flash, () -> fields.update(id, null, null, null, archived));
	}

	/** Moves a field one place up or down: swaps its order with its neighbour's. */
	@PostMapping("/console/settings/fields/{id}/move")
	String move(@PathVariable long id, @RequestParam String direction, RedirectAttributes flash) {
		return run(flash, () -> {
			List<CustomField> all = fields.definitions(true);
			int at = -1;
			for (int i = 0; i < all.size(); i++) {
				if (all.get(i).id() == id) {
					at = i;
				}
			}
			if (at < 0) {
				throw new NotFoundException("Field " + id + " not found");
			}
			int other = "up".equals(direction) ? at - 1 : at + 1;
			if (other < 0 || other >= all.size()) {
				return;
			}
			// renumber all so equal sort orders cannot make a swap a no-op
			for (int i = 0; i < all.size(); i++) {
				int order = i == at ? other + 1 : i == other ? at + 1 : i + 1;
				if (all.get(i).sortOrder() != order) {
					fields.update(all.get(i).id(), null, null, order, null);
				}
			}
		});
	}

	private String run(RedirectAttributes flash, Runnable change) {
		try {
			change.run();
			flash.addFlashAttribute("flash", "flash.saved");
		}
		catch (LocalizedException e) {
			if (e instanceof NotFoundException) {
				throw e;
			}
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/settings/fields";
	}

	private static CustomField.Type type(String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		return Arrays.stream(CustomField.Type.values()).filter(t -> t.name().equals(raw)).findFirst()
			.orElseThrow(() -> new BadRequestException("error.field.type", "A field needs a type"));
	}

	private static List<String> lines(String text) {
		return Arrays.stream(text.split("\\r?\\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
	}
}
