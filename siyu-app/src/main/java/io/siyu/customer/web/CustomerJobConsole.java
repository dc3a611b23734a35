package io.siyu.customer.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;

import io.siyu.customer.CustomerJobs;
import io.siyu.shared.Actors;
import io.siyu.shared.Role.Permission;

/** A customer job's page (bulk edits, exports): progress polled by htmx while it runs, then its outcome. */
@Controller
class CustomerJobConsole {

	private final CustomerJobs jobs;

	CustomerJobConsole(CustomerJobs jobs) {
		this.jobs = jobs;
	}

	@GetMapping("/console/customers/jobs/{id}")
	String job(@PathVariable long id, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		Actors.require(Permission.CUSTOMERS_READ);
		CustomerJobs.Job job = jobs.get(id);
		if ("IMPORT".equals(job.kind())) {
			return "redirect:/console/customers/imports/" + id;
		}
		model.addAttribute("job", job);
		return htmx != null ? "console/customer-job :: progress" : "console/customer-job";
	}
}
