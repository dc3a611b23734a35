package io.siyu.tagging.web;

import java.util.Arrays;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.customer.Customers;

import io.siyu.shared.BadRequestException;
import io.siyu.shared.LocalizedException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.PageQuery;
import io.siyu.shared.web.ConsoleErrors;
import io.siyu.tagging.TagCatalog;
import io.siyu.tagging.TagJobView;
import io.siyu.tagging.TagJobs;

/**
 * Bulk tagging in the console: the form (customers of the list's current filter, or pasted ids), the job page with a
 * progress bar that htmx refreshes until the job finishes, the failed customers with WeCom's reasons, the jobs section
 * of the tag page.
 */
@Controller
class TagJobConsole {

	private final TagJobs jobs;

	private final TagCatalog catalog;

	private final Customers customers;

	private final ConsoleErrors errors;

	TagJobConsole(TagJobs jobs, TagCatalog catalog, Customers customers, ConsoleErrors errors) {
		this.jobs = jobs;
		this.catalog = catalog;
		this.customers = customers;
		this.errors = errors;
	}

	@GetMapping("/console/tag-jobs/new")
	String form(@ModelAttribute("params") CustomerSelection params, Model model) {
		model.addAttribute("matching", customers.count(params.filter()));
		model.addAttribute("query", params.query());
		model.addAttribute("groups", catalog.groups());
		return "console/tag-job-new";
	}

	@PostMapping("/console/tag-jobs")
	String start(@ModelAttribute CustomerSelection params, @RequestParam(required = false) String action,
			@RequestParam(required = false) List<Long> tagIds, @RequestParam(required = false) String ids,
			@RequestParam(defaultValue = "filter") String by, RedirectAttributes flash) {
		try {
			TagJobs.Action act = action == null ? null : TagJobs.Action.valueOf(action);
			TagJobView job = "ids".equals(by) ? jobs.start(act, tagIds, null, parseIds(ids))
					: jobs.start(act, tagIds, params.filter(), null);
			return "redirect:/console/tag-jobs/" + job.id();
		}
		catch (IllegalArgumentException e) {
			flash.addFlashAttribute("error", e.getMessage());
		}
		catch (NotFoundException e) {
			throw e;
		}
		catch (LocalizedException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/tag-jobs/new?" + params.query();
	}

	@GetMapping("/console/tag-jobs/{id}")
	String job(@PathVariable long id, @RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("job", jobs.get(id));
		model.addAttribute("failed", jobs.items(id, "FAILED", new PageQuery(Math.max(page, 0), 50)));
		return "console/tag-job";
	}

	/** The progress fragment htmx polls every second while the job runs. */
	@GetMapping("/console/tag-jobs/{id}/progress")
	String progress(@PathVariable long id, Model model) {
		model.addAttribute("job", jobs.get(id));
		return "console/tag-job :: job-progress";
	}

	@PostMapping("/console/tag-jobs/{id}/cancel")
	String cancel(@PathVariable long id, RedirectAttributes flash) {
		try {
			jobs.cancel(id);
		}
		catch (NotFoundException e) {
			throw e;
		}
		catch (LocalizedException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/tag-jobs/" + id;
	}

	/** The recent jobs on the tag page (loaded by htmx). */
	@GetMapping("/console/tag-jobs/section")
	String section(Model model) {
		model.addAttribute("jobs", jobs.list(new PageQuery(0, 10)));
		return "console/tag-job :: jobs-section";
	}

	static List<Long> parseIds(String raw) {
		if (raw == null || raw.isBlank()) {
			return List.of();
		}
		try {
			return Arrays.stream(raw.split("[\\s,，;]+")).filter(s -> !s.isBlank()).map(Long::valueOf).toList();
		}
		catch (NumberFormatException e) {
			throw new BadRequestException("error.tagJob.ids", "Customer ids are numbers separated by commas or lines");
		}
	}
}
