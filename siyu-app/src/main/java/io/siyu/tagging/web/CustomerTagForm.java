package io.siyu.tagging.web;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.customer.CustomerTags;
import io.siyu.shared.LocalizedException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.web.ConsoleErrors;
import io.siyu.tagging.CustomerTagging;
import io.siyu.tagging.TaggingResult;

/**
 * The tag editor of the customer profile: the checked tags become the customer's tags (among those the form showed),
 * marked in WeCom on every active relation. A relation WeCom refused is reported, the others keep their change.
 */
@Controller
class CustomerTagForm {

	private final CustomerTagging tagging;

	private final CustomerTags customerTags;

	private final ConsoleErrors errors;

	CustomerTagForm(CustomerTagging tagging, CustomerTags customerTags, ConsoleErrors errors) {
		this.tagging = tagging;
		this.customerTags = customerTags;
		this.errors = errors;
	}

	@PostMapping("/console/customers/{id}/tags")
	String save(@PathVariable long id, @RequestParam(required = false) List<Long> tagIds,
			@RequestParam(required = false) List<Long> shown, RedirectAttributes flash) {
		Set<Long> wanted = new HashSet<>(tagIds == null ? List.of() : tagIds);
		Set<Long> current = customerTags.tagsOf(id);
		Set<Long> add = new HashSet<>(wanted);
		add.removeAll(current);
		Set<Long> remove = new HashSet<>(current);
		remove.retainAll(shown == null ? Set.of() : new HashSet<>(shown));
		remove.removeAll(wanted);
		if (add.isEmpty() && remove.isEmpty()) {
			return "redirect:/console/customers/" + id;
		}
		try {
			TaggingResult result = tagging.apply(id, add, remove, "CONSOLE");
			if (result.ok()) {
				flash.addFlashAttribute("flash", result.held() ? "flash.tagsHeld" : "flash.saved");
			}
			else {
				flash.addFlashAttribute("error", result.relations().stream().filter(r -> r.errcode() != 0)
					.map(r -> r.userid() + ": " + r.error()).reduce((a, b) -> a + "; " + b).orElse(""));
			}
		}
		catch (NotFoundException e) {
			throw e;
		}
		catch (LocalizedException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/customers/" + id;
	}
}
