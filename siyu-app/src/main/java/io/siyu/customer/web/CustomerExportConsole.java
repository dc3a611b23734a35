package io.siyu.customer.web;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.siyu.customer.CustomerExports;

/**
 * The export buttons of the customer list: the file at once when small, else a job page with progress and a download
 * link ({@code /console/customers/jobs/{id}}).
 */
@Controller
class CustomerExportConsole {

	private final CustomerExports exports;

	CustomerExportConsole(CustomerExports exports) {
		this.exports = exports;
	}

	@GetMapping("/console/customers/export")
	Object export(@ModelAttribute("params") CustomerListParams params, @RequestParam(defaultValue = "csv") String format) {
		CustomerExports.Outcome outcome = exports.export(params.filter(), format, LocaleContextHolder.getLocale());
		if (outcome.file() != null) {
			return CustomerExportApi.file(outcome.file());
		}
		return "redirect:/console/customers/jobs/" + outcome.jobId();
	}

	@GetMapping("/console/customers/exports/{id}/file")
	ResponseEntity<byte[]> file(@PathVariable long id) {
		return CustomerExportApi.file(exports.result(id));
	}
}
