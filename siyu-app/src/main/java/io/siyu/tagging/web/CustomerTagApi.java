package io.siyu.tagging.web;

import java.util.List;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.siyu.tagging.CustomerTagging;
import io.siyu.tagging.TaggingResult;

/**
 * {@code POST /api/v1/customers/{id}/tags} {@code {"add": [..], "remove": [..]}}: tags one customer, marked in WeCom on
 * every active relation; the answer says per relation what WeCom did.
 */
@RestController
class CustomerTagApi {

	private final CustomerTagging tagging;

	CustomerTagApi(CustomerTagging tagging) {
		this.tagging = tagging;
	}

	@PostMapping("/api/v1/customers/{id}/tags")
	TaggingResult tag(@PathVariable long id, @RequestBody TagChange body) {
		return tagging.apply(id, body.add(), body.remove(), "API");
	}

	record TagChange(List<Long> add, List<Long> remove) {
	}
}
