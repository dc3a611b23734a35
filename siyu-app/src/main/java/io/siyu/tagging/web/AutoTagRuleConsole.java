package io.siyu.tagging.web;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.shared.Actors;
import io.siyu.shared.LocalizedException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.web.ConsoleErrors;
import io.siyu.tagging.AutoTagRules;
import io.siyu.tagging.TagCatalog;

/** The auto-tag rules section of the tag page: the rules with their hits, a form for a new one, enable/disable. */
@Controller
class AutoTagRuleConsole {

	private final AutoTagRules rules;

	private final TagCatalog catalog;

	private final ConsoleErrors errors;

	AutoTagRuleConsole(AutoTagRules rules, TagCatalog catalog, ConsoleErrors errors) {
		this.rules = rules;
		this.catalog = catalog;
		this.errors = errors;
	}

	@GetMapping("/console/auto-tag-rules/section")
	String section(Model model) {
		model.addAttribute("rules", rules.list(new PageQuery(0, 100)));
		model.addAttribute("kinds", rules.kinds());
		model.addAttribute("groups", catalog.groups());
		model.addAttribute("canManage", Actors.require().can(Permission.TAGS_MANAGE));
		return "console/auto-tag-rules :: rules-section";
	}

	@PostMapping("/console/auto-tag-rules")
	String create(@RequestParam(required = false) String name, @RequestParam(required = false) String kind,
			@RequestParam(required = false) String param, @RequestParam(required = false) List<Long> tagIds,
			RedirectAttributes flash) {
		return act(flash, () -> rules.create(name, kind, param, tagIds));
	}

	@PostMapping("/console/auto-tag-rules/{id}/enabled")
	String enable(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes flash) {
		return act(flash, () -> rules.update(id, null, null, null, enabled));
	}

	@PostMapping("/console/auto-tag-rules/{id}/delete")
	String delete(@PathVariable long id, RedirectAttributes flash) {
		return act(flash, () -> rules.delete(id));
	}

	private String act(RedirectAttributes flash, Runnable change) {
		try {
			change.run();
			flash.addFlashAttribute("flash", "flash.saved");
		}
		catch (NotFoundException e) {
			throw e;
		}
		catch (LocalizedException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/tags#auto-tag-rules";
	}
}
