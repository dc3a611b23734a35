package io.siyu.customer.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.siyu.customer.CustomerExports;
import io.siyu.customer.CustomerJobs;
import io.siyu.shared.NotFoundException;

/**
 * {@code GET /api/v1/customers/export?format=csv|xlsx&…filters}: the customer list as a file, within the token's data
 * scope (phones masked unless the role may read them). A large export answers 202 with a job to poll
 * ({@code /api/v1/customers/export-jobs/{id}}) and its file to fetch when done.
 */
@RestController
@RequestMapping("/api/v1/customers")
class CustomerExportApi {

	private final CustomerExports exports;

	private final CustomerJobs jobs;

	CustomerExportApi(CustomerExports exports, CustomerJobs jobs) {
		this.exports = exports;
		this.jobs = jobs;
	}

	@GetMapping("/export")
	ResponseEntity<?> export(@ModelAttribute CustomerListParams params,
			@RequestParam(defaultValue = "csv") String format) {
		CustomerExports.Outcome outcome = exports.export(params.filter(), format, LocaleContextHolder.getLocale());
		if (outcome.file() != null) {
			return file(outcome.file());
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.header(HttpHeaders.LOCATION, "/api/v1/customers/export-jobs/" + outcome.jobId())
			.body(status(jobs.get(outcome.jobId())));
	}

	@GetMapping("/export-jobs/{id}")
	Map<String, Object> job(@PathVariable long id) {
		CustomerJobs.Job job = jobs.get(id);
		if (!CustomerExports.KIND.equals(job.kind())) {
			throw new NotFoundException("Export " + id + " not found");
		}
		return status(job);
	}

	@GetMapping("/export-jobs/{id}/file")
	ResponseEntity<byte[]> jobFile(@PathVariable long id) {
		return file(exports.result(id));
	}

	static ResponseEntity<byte[]> file(CustomerExports.ExportFile file) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(file.contentType()))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(file.name()).build().toString())
			.body(file.content());
	}

	private static Map<String, Object> status(CustomerJobs.Job job) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("jobId", job.id());
		body.put("status", job.status().name());
		body.put("processed", job.processed());
		body.put("total", job.total());
		body.put("statusUrl", "/api/v1/customers/export-jobs/" + job.id());
		if (job.status() == CustomerJobs.Status.DONE) {
			body.put("fileUrl", "/api/v1/customers/export-jobs/" + job.id() + "/file");
		}
		if (job.message() != null) {
			body.put("message", job.message());
		}
		return body;
	}
}
