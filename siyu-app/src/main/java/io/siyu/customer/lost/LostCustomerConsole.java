package io.siyu.customer.lost;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

import io.siyu.organization.OrgUnits;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffFilter;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.PageQuery;

/** 流失提醒: the list with filters, paging and a daily chart, and its CSV/Excel export, within the caller's scope. */
@Controller
class LostCustomerConsole {

	private final LostCustomers lost;

	private final StaffDirectory staff;

	private final OrgUnits units;

	private final MessageSource texts;

	LostCustomerConsole(LostCustomers lost, StaffDirectory staff, OrgUnits units, MessageSource texts) {
		this.lost = lost;
		this.staff = staff;
		this.units = units;
		this.texts = texts;
	}

	@GetMapping("/console/lost-customers")
	String list(@ModelAttribute("params") Params params, @RequestParam(defaultValue = "0") int page, Model model) {
		LostCustomerFilter filter = LostCustomers.withRange(params.filter());
		model.addAttribute("filter", filter);
		model.addAttribute("result", lost.list(filter, new PageQuery(Math.max(page, 0), 20)));
		List<LostDay> days = lost.days(filter);
		model.addAttribute("chartDays", days.stream().map(d -> d.day().toString()).collect(Collectors.joining(",")));
		model.addAttribute("chartCustomer", days.stream().map(d -> Long.toString(d.customerDeleted()))
			.collect(Collectors.joining(",")));
		model.addAttribute("chartStaff", days.stream().map(d -> Long.toString(d.staffDeleted()))
			.collect(Collectors.joining(",")));
		model.addAttribute("kinds", LostKind.values());
		model.addAttribute("units", units.tree());
		model.addAttribute("staffList", staff.list(StaffFilter.none(), new PageQuery(0, PageQuery.MAX_SIZE)).items());
		model.addAttribute("query", query(filter));
		return "console/lost-customers";
	}

	@GetMapping("/console/lost-customers/export")
	void export(@ModelAttribute("params") Params params, @RequestParam(defaultValue = "csv") String format,
			HttpServletResponse response) throws IOException {
		if (!format.equals("csv") && !format.equals("xlsx")) {
			throw new BadRequestException("error.lost.format", "The export format is csv or xlsx");
		}
		LostCustomerFilter filter = LostCustomers.withRange(params.filter());
		List<LostCustomer> rows = lost.export(filter);
		Locale locale = LocaleContextHolder.getLocale();
		LostCustomerExport export = new LostCustomerExport(texts, locale);
		String name = "lost-customers-" + filter.from() + "_" + filter.to() + "." + format;
		response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
		if (format.equals("csv")) {
			response.setContentType("text/csv;charset=UTF-8");
			export.csv(rows, response.getOutputStream());
		}
		else {
			response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
			export.xlsx(rows, response.getOutputStream());
		}
	}

	private static String query(LostCustomerFilter f) {
		StringBuilder s = new StringBuilder();
		if (f.kind() != null) {
			s.append("kind=").append(f.kind()).append('&');
		}
		if (f.staffId() != null) {
			s.append("staffId=").append(f.staffId()).append('&');
		}
		if (f.unitId() != null) {
			s.append("unitId=").append(f.unitId()).append('&');
		}
		s.append("from=").append(f.from()).append("&to=").append(f.to()).append('&');
		if (f.q() != null && !f.q().isBlank()) {
			s.append("q=").append(java.net.URLEncoder.encode(f.q().trim(), java.nio.charset.StandardCharsets.UTF_8))
				.append('&');
		}
		return s.toString();
	}

	/** The list's query parameters. */
	record Params(LostKind kind, Long staffId, Long unitId, @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, String q) {

		LostCustomerFilter filter() {
			return new LostCustomerFilter(kind, staffId, unitId, from, to, q);
		}
	}
}
