package io.siyu.segment.web;



import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.siyu.customer.CustomerSummary;
import io.siyu.segment.Expr;
import io.siyu.segment.Preview;
import io.siyu.segment.SegmentEngine;
import io.siyu.segment.SegmentException;
import io.siyu.segment.SegmentView;
import io.siyu.segment.Segments;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/segments}: preview a condition ({@code {"expression": "tags any (\"VIP\")"}} in the text form, or
 * the JSON form as an object) → count and sample within the caller's data scope; saved segments (CRUD, members);
 * the engine's figures. A bad condition is a 400 problem naming where and what.
 */
@RestController
@RequestMapping("/api/v1/segments")
class SegmentApi {

	private final Segments segments;

	SegmentApi(Segments segments) {
		this.segments = segments;
	}

	@PostMapping("/preview")
	Preview preview(@RequestBody JsonNode body, @RequestParam(required = false) Integer sample) {
		Expr expr = expression(body);
		return sample == null ? segments.preview(expr) : segments.preview(expr, sample);
	}

	@GetMapping
	Page<SegmentView> list(@RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return segments.list(q, PageQuery.of(page, size));
	}

	@GetMapping("/engine")
	SegmentEngine.IndexStats engine() {
		return segments.stats();
	}

	@GetMapping("/{id}")
	SegmentView get(@PathVariable long id) {
		return segments.get(id);
	}

	@GetMapping("/{id}/members")
	Page<CustomerSummary> members(@PathVariable long id, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return segments.members(id, PageQuery.of(page, size));
	}

	/** {@code {"name": "…", "kind": "DYNAMIC"|"STATIC", "expression": …}}. */
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	SegmentView create(@RequestBody JsonNode body) {
		return segments.create(text(body, "name"), text(body, "kind"), expression(body));
	}

	/** Changes the name and/or the condition (a static segment takes a new snapshot). */
	@PatchMapping("/{id}")
	SegmentView update(@PathVariable long id, @RequestBody JsonNode body) {
		return segments.update(id, text(body, "name"), body.has("expression") ? expression(body) : null);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id) {
		segments.delete(id);
	}

	private Expr expression(JsonNode body) {
		JsonNode e = body == null ? null : body.get("expression");
		if (e == null || e.isNull()) {
			throw new SegmentException("$.expression", "an expression is required (text, or the JSON form as an object)");
		}
		if (e.isObject()) {
			return segments.read(e);
		}
		if (e.isString()) {
			return segments.read(e.stringValue());
		}
		throw new SegmentException("$.expression", "expected text or an object");
	}

	private static String text(JsonNode body, String field) {
		JsonNode v = body == null ? null : body.get(field);
		return v == null || v.isNull() ? null : v.isString() ? v.stringValue() : v.toString();
	}

}
