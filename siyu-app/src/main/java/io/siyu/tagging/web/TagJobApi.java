package io.siyu.tagging.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.siyu.customer.CustomerFilter;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.tagging.TagJobItemView;
import io.siyu.tagging.TagJobView;
import io.siyu.tagging.TagJobs;

/**
 * {@code /api/v1/tag-jobs}: tag or untag many customers in the background. {@code POST} with
 * {@code {"action": "ADD"|"REMOVE", "tagIds": [..], "customerIds": [..]}} or with {@code "filter": {...}} (the customer
 * list's filters) answers 202 with the job; poll {@code GET /{id}} for progress and {@code GET /{id}/items?status=FAILED}
 * for each customer's outcome.
 */
@RestController
@RequestMapping("/api/v1/tag-jobs")
class TagJobApi {

	private final TagJobs jobs;

	TagJobApi(TagJobs jobs) {
		this.jobs = jobs;
	}

	@PostMapping
	ResponseEntity<TagJobView> start(@RequestBody NewJob body) {
		TagJobView job = jobs.start(body.action(), body.tagIds(), body.filter(), body.customerIds());
		return ResponseEntity.accepted().location(URI.create("/api/v1/tag-jobs/" + job.id())).body(job);
	}

	@GetMapping
	Page<TagJobView> list(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return jobs.list(PageQuery.of(page, size));
	}

	@GetMapping("/{id}")
	TagJobView get(@PathVariable long id) {
		return jobs.get(id);
	}

	@GetMapping("/{id}/items")
	Page<TagJobItemView> items(@PathVariable long id, @RequestParam(required = false) String status,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return jobs.items(id, status, PageQuery.of(page, size));
	}

	@PostMapping("/{id}/cancel")
	TagJobView cancel(@PathVariable long id) {
		return jobs.cancel(id);
	}

	record NewJob(TagJobs.Action action, List<Long> tagIds, List<Long> customerIds, CustomerFilter filter) {
	}
}
