package io.siyu.customer.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.customer.CustomerImports;
import io.siyu.customer.CustomerJobs;
import io.siyu.shared.Actors;
import io.siyu.shared.LocalizedException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.web.ConsoleErrors;

/**
 * {@code /console/customers/imports}: upload a file, map its columns, check it (a row-level error report, also as a
 * download), then import it all at once; the job list with status and progress (htmx polls while a job runs).
 */
@Controller
class CustomerImportConsole {

	static final int ERRORS_SHOWN = 100;

	private final CustomerImports imports;

	private final CustomerJobs jobs;

	private final ConsoleErrors errors;

	CustomerImportConsole(CustomerImports imports, CustomerJobs jobs, ConsoleErrors errors) {
		this.imports = imports;
		this.jobs = jobs;
		this.errors = errors;
	}

	@GetMapping("/console/customers/imports")
	String list(@RequestParam(defaultValue = "0") int page, Model model) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		model.addAttribute("result", jobs.list(CustomerImports.KIND, new PageQuery(Math.max(page, 0), 20)));
		model.addAttribute("maxMb", imports.maxBytes() / 1024 / 1024);
		model.addAttribute("maxRows", imports.maxRows());
		return "console/customer-imports";
	}

	@PostMapping("/console/customers/imports")
	String upload(@RequestParam(name = "file", required = false) MultipartFile file, RedirectAttributes flash)
			throws IOException {
		try {
			if (file == null || file.isEmpty()) {
				throw new io.siyu.shared.BadRequestException("error.import.empty", "Choose a file to upload");
			}
			if (file.getSize() > imports.maxBytes()) {
				throw new io.siyu.shared.BadRequestException("error.import.tooLarge", "The file is too large",
						imports.maxBytes() / 1024 / 1024);
			}
			long id = imports.upload(file.getOriginalFilename(), file.getBytes());
			return "redirect:/console/customers/imports/" + id;
		}
		catch (LocalizedException e) {
			flash.addFlashAttribute("error", errors.describe(e));
			return "redirect:/console/customers/imports";
		}
	}

	@GetMapping("/console/customers/imports/{id}")
	String job(@PathVariable long id, Model model) {
		CustomerImports.Preview preview = imports.preview(id);
		model.addAttribute("p", preview);
		model.addAttribute("job", preview.job());
		model.addAttribute("rowErrors", jobs.errors(id, ERRORS_SHOWN));
		model.addAttribute("errorsShown", ERRORS_SHOWN);
		return "console/customer-import";
	}

	/** The status panel, polled while the job runs; once it has finished the page reloads to show the outcome. */
	@GetMapping("/console/customers/imports/{id}/status")
	String status(@PathVariable long id, Model model, HttpServletResponse response) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		CustomerJobs.Job job = jobs.get(id);
		if (!CustomerImports.KIND.equals(job.kind())) {
			throw new NotFoundException("Import " + id + " not found");
		}
		if (!job.running()) {
			response.setHeader("HX-Refresh", "true");
		}
		model.addAttribute("job", job);
		return "console/customer-import :: status";
	}

	@PostMapping("/console/customers/imports/{id}/check")
	String check(@PathVariable long id, @RequestParam(defaultValue = "") String key,
			@RequestParam Map<String, String> form, RedirectAttributes flash) {
		List<String> columns = new ArrayList<>();
		for (int c = 0; form.containsKey("col" + c); c++) {
			columns.add(form.get("col" + c));
		}
		return run(id, flash, () -> imports.check(id, new CustomerImports.Mapping(key, columns, null)));
	}

	@PostMapping("/console/customers/imports/{id}/apply")
	String apply(@PathVariable long id, RedirectAttributes flash) {
		return run(id, flash, () -> imports.apply(id));
	}

	@GetMapping("/console/customers/imports/{id}/errors.csv")
	ResponseEntity<byte[]> errorReport(@PathVariable long id) {
		byte[] csv = imports.errorReport(id);
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("import-" + id + "-errors.csv").build().toString())
			.body(csv);
	}

	private String run(long id, RedirectAttributes flash, Runnable action) {
		try {
			action.run();
		}
		catch (LocalizedException e) {
			if (e instanceof NotFoundException) {
				throw e;
			}
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/customers/imports/" + id;
	}
}
