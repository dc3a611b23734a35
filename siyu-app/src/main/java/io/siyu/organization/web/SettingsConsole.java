package io.siyu.organization.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.organization.ApiTokens;
import io.siyu.organization.Corps;
import io.siyu.organization.IssuedToken;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.WeComSettingsChange;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.web.ConsoleErrors;
import io.siyu.shared.ConflictException;
import io.siyu.shared.ForbiddenException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role;

/** Corp settings: name, WeCom connection settings (secrets masked) and API tokens. */
@Controller
class SettingsConsole {

	private final Corps corps;

	private final ApiTokens tokens;

	private final OrgUnits units;

	private final ConsoleErrors errors;

	SettingsConsole(Corps corps, ApiTokens tokens, OrgUnits units, ConsoleErrors errors) {
		this.errors = errors;
		this.corps = corps;
		this.tokens = tokens;
		this.units = units;
	}

	@GetMapping("/console/settings")
	String settings(Model model) {
		io.siyu.shared.Actors.require(Role.Permission.SETTINGS_MANAGE);
		model.addAttribute("corp", corps.current());
		model.addAttribute("tokens", tokens.list());
		model.addAttribute("roles", java.util.Arrays.stream(Role.values()).filter(r -> r != Role.PLATFORM_ADMIN).toList());
		model.addAttribute("units", units.tree());
		return "console/settings";
	}

	@PostMapping("/console/settings/name")
	String rename(@RequestParam String name, RedirectAttributes flash) {
		return act(flash, () -> corps.rename(name));
	}

	@PostMapping("/console/settings/wecom")
	String wecom(@RequestParam String wecomCorpId, @RequestParam(required = false) Integer agentId,
			@RequestParam(required = false) String secret, @RequestParam(required = false) String callbackToken,
			@RequestParam(required = false) String aesKey, @RequestParam(required = false) String apiBaseUrl,
			RedirectAttributes flash) {
		return act(flash, () -> corps.updateWeComSettings(
				new WeComSettingsChange(wecomCorpId, agentId, secret, callbackToken, aesKey, apiBaseUrl)));
	}

	@PostMapping("/console/settings/tokens")
	String issue(@RequestParam String name, @RequestParam Role role, @RequestParam(required = false) Long scopeUnitId,
			RedirectAttributes flash) {
		try {
			IssuedToken issued = tokens.issue(name, role, scopeUnitId, null);
			flash.addFlashAttribute("issuedToken", issued.token());
		}
		catch (BadRequestException | ForbiddenException | NotFoundException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/settings";
	}

	@PostMapping("/console/settings/tokens/{id}/revoke")
	String revoke(@PathVariable long id, RedirectAttributes flash) {
		return act(flash, () -> tokens.revoke(id));
	}

	private String act(RedirectAttributes flash, Runnable action) {
		try {
			action.run();
			flash.addFlashAttribute("flash", "flash.saved");
		}
		catch (BadRequestException | ConflictException | NotFoundException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/settings";
	}
}
