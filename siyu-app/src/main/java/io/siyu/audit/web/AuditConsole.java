package io.siyu.audit.web;

import java.time.LocalDate;
import java.time.ZoneId;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.siyu.audit.AuditFilter;
import io.siyu.audit.AuditLog;
import io.siyu.shared.PageQuery;

/** The audit log page: filter by actor, action, target and date range (China Standard Time days). */
@Controller
class AuditConsole {

	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	private final AuditLog log;

	AuditConsole(AuditLog log) {
		this.log = log;
	}

	@GetMapping("/console/audit")
	String audit(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String targetType,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "0") int page, Model model) {
		AuditFilter filter = new AuditFilter(actor, action, targetType,
				from == null ? null : from.atStartOfDay(ZONE).toInstant(),
				to == null ? null : to.plusDays(1).atStartOfDay(ZONE).toInstant());
		model.addAttribute("actor", actor);
		model.addAttribute("action", action);
		model.addAttribute("targetType", targetType);
		model.addAttribute("from", from);
		model.addAttribute("to", to);
		model.addAttribute("result", log.search(filter, new PageQuery(Math.max(page, 0), 50)));
		return "console/audit";
	}
}
