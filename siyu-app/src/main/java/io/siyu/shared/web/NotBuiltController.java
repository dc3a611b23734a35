package io.siyu.shared.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.siyu.shared.NotFoundException;

/** The page behind a navigation entry whose capability is not built yet: says so plainly. */
@Controller
class NotBuiltController {

	@GetMapping("/console/soon/{slug}")
	String soon(@PathVariable String slug, Model model) {
		Capabilities.Entry entry = Capabilities.notBuilt(slug)
			.orElseThrow(() -> new NotFoundException("No such page"));
		model.addAttribute("entry", entry);
		return "console/soon";
	}
}
