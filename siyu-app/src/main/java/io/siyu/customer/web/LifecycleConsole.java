package io.siyu.customer.web;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.siyu.customer.LifecycleRule;
import io.siyu.customer.LifecycleRules;
import io.siyu.customer.Stage;
import io.siyu.shared.Actors;
import io.siyu.shared.Role.Permission;

/** The lifecycle rules section of the settings page (loaded into it by htmx), its form and "apply now". */
@Controller
class LifecycleConsole {

	private final LifecycleRules rules;

	private final Clock clock;

	LifecycleConsole(LifecycleRules rules, Clock clock) {
		this.rules = rules;
		this.clock = clock;
	}

	@GetMapping("/console/settings/lifecycle")
	String section(@RequestParam(required = false) Integer moved, Model model) {
		Actors.require(Permission.SETTINGS_MANAGE);
		model.addAttribute("rule", rules.rule());
		model.addAttribute("stages", Stage.values());
		model.addAttribute("moved", moved);
		return "console/lifecycle-rules :: rules";
	}

	@PostMapping("/console/settings/lifecycle")
	String save(@RequestParam(defaultValue = "false") boolean enabled, @RequestParam int engagedAfter,
			@RequestParam int repeatAfter, @RequestParam int loyalAfter, @RequestParam int dormantAfterDays,
			@RequestParam(defaultValue = "false") boolean lostWhenNoRelation, @RequestParam String interactionKinds,
			@RequestParam String purchaseKind) {
		List<String> kinds = Arrays.stream(interactionKinds.split("[,，\\s]+")).map(String::trim)
			.filter(k -> !k.isEmpty()).distinct().toList();
		rules.save(new LifecycleRule(enabled, engagedAfter, repeatAfter, loyalAfter, dormantAfterDays,
				lostWhenNoRelation, kinds, purchaseKind.trim()));
		return "redirect:/console/settings#lifecycle-rules";
	}

	@PostMapping("/console/settings/lifecycle/sweep")
	String sweep(Model model) {
		Actors.require(Permission.SETTINGS_MANAGE);
		int moved = rules.sweep(Actors.require().requireCorp(), clock.instant());
		model.addAttribute("rule", rules.rule());
		model.addAttribute("stages", Stage.values());
		model.addAttribute("moved", moved);
		return "console/lifecycle-rules :: rules";
	}
}
