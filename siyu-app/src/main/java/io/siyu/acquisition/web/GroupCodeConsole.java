package io.siyu.acquisition.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.siyu.acquisition.CodeStatus;
import io.siyu.acquisition.GroupCode;
import io.siyu.acquisition.GroupCodes;
import io.siyu.acquisition.QrCodes;
import io.siyu.community.CustomerGroups;
import io.siyu.community.GroupFilter;
import io.siyu.organization.OrgUnits;
import io.siyu.shared.LocalizedException;
import io.siyu.shared.PageQuery;
import io.siyu.shared.web.ConsoleErrors;

/** Group live codes: list with filters and paging, a create form over the groups in scope, the code's page. */
@Controller
class GroupCodeConsole {

	private final GroupCodes codes;

	private final QrCodes qr;

	private final CustomerGroups groups;

	private final OrgUnits units;

	private final ConsoleErrors errors;

	GroupCodeConsole(GroupCodes codes, QrCodes qr, CustomerGroups groups, OrgUnits units, ConsoleErrors errors) {
		this.codes = codes;
		this.qr = qr;
		this.groups = groups;
		this.units = units;
		this.errors = errors;
	}

	@GetMapping("/console/group-codes")
	String list(@RequestParam(required = false) String q, @RequestParam(required = false) CodeStatus status,
			@RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("q", q);
		model.addAttribute("status", status);
		model.addAttribute("statuses", CodeStatus.values());
		model.addAttribute("result", codes.list(q, status, new PageQuery(Math.max(page, 0), 20)));
		model.addAttribute("units", units.tree());
		model.addAttribute("groups", groups.list(new GroupFilter(null, null, null, false), new PageQuery(0, PageQuery.MAX_SIZE))
			.items());
		return "console/group-codes";
	}

	@PostMapping("/console/group-codes")
	String create(@RequestParam String name, @RequestParam Long unitId,
			@RequestParam(required = false) List<String> chatIds, @RequestParam(defaultValue = "false") boolean autoCreate,
			@RequestParam(required = false) String baseName, @RequestParam(required = false) Integer baseNumber,
			@RequestParam(required = false) String welcomeText, Model model) {
		try {
			GroupCode code = codes.create(new GroupCodes.Draft(name, unitId, chatIds == null ? new ArrayList<>() : chatIds,
					autoCreate, baseName, baseNumber, welcomeText));
			return "redirect:/console/group-codes/" + code.id();
		}
		catch (LocalizedException e) {
			model.addAttribute("error", errors.describe(e));
			return list(null, null, 0, model);
		}
	}

	@GetMapping("/console/group-codes/{id}")
	String detail(@PathVariable long id, Model model) {
		model.addAttribute("code", codes.get(id));
		return "console/group-code";
	}

	@PostMapping("/console/group-codes/{id}/retire")
	String retire(@PathVariable long id) {
		codes.retire(id);
		return "redirect:/console/group-codes/" + id;
	}

	@GetMapping(value = "/console/group-codes/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
	ResponseEntity<byte[]> png(@PathVariable long id, @RequestParam(defaultValue = "1200") int size,
			@RequestParam(defaultValue = "false") boolean download) {
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.IMAGE_PNG);
		if (download) {
			ok.header("Content-Disposition", "attachment; filename=\"group-code-" + id + ".png\"");
		}
		return ok.body(qr.groupPng(id, size));
	}
}
