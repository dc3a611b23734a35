package io.siyu.customer.web;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.customer.CustomerBulkEdits;
import io.siyu.shared.LocalizedException;
import io.siyu.shared.web.ConsoleErrors;

/**
 * Bulk edit from the customer list: one custom field or the lifecycle stage, for the ticked customers or for the whole
 * filtered list. Small selections change at once (all or nothing); large ones run as a job with progress.
 */
@Controller
class CustomerBulkConsole {

	private final CustomerBulkEdits bulk;

	private final ConsoleErrors errors;

	CustomerBulkConsole(CustomerBulkEdits bulk, ConsoleErrors errors) {
		this.bulk = bulk;
		this.errors = errors;
	}

	@PostMapping("/console/customers/bulk")
	String edit(@ModelAttribute("params") CustomerListParams params, @RequestParam(required = false) List<Long> ids,
			@RequestParam(defaultValue = "false") boolean all, @RequestParam(defaultValue = "") String target,
			@RequestParam(required = false) List<String> value, @RequestParam(required = false) String reason,
			@RequestParam(required = false) String newStage,
			RedirectAttributes flash) {
		String back = "redirect:/console/customers?" + params.query();
		try {
			List<String> values = "stage".equals(target) ? (newStage == null ? List.of() : List.of(newStage))
					: value == null ? List.of() : value;
			CustomerBulkEdits.Change change = CustomerBulkEdits.Change.parse(target, values, reason);
			CustomerBulkEdits.Outcome outcome = all ? bulk.forFilter(params.filter(), change)
					: bulk.forCustomers(ids == null ? List.of() : ids, change);
			if (outcome.jobId() != null) {
				return "redirect:/console/customers/jobs/" + outcome.jobId();
			}
			flash.addFlashAttribute("flash", "flash.saved");
		}
		catch (LocalizedException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return back;
	}
}
