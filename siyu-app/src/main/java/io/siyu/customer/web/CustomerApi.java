package io.siyu.customer.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.siyu.customer.CustomFields;
import io.siyu.customer.CustomerDetail;
import io.siyu.customer.CustomerSummary;
import io.siyu.customer.Customers;
import io.siyu.customer.Lifecycle;
import io.siyu.customer.Stage;
import io.siyu.customer.Timeline;
import io.siyu.customer.TimelineEntry;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;

/**
 * {@code /api/v1/customers}: the list with the console's filters, the 360° view, changes (phone, custom fields, stage),
 * the timeline (read, and append events from other systems: orders, clicks …), duplicates and merges.
 */
@RestController
@RequestMapping("/api/v1/customers")
class CustomerApi {

	private final Customers customers;

	private final CustomFields fields;

	private final Lifecycle lifecycle;

	private final Timeline timeline;

	CustomerApi(Customers customers, CustomFields fields, Lifecycle lifecycle, Timeline timeline) {
		this.customers = customers;
		this.fields = fields;
		this.lifecycle = lifecycle;
		this.timeline = timeline;
	}

	@GetMapping
	Page<CustomerSummary> list(@ModelAttribute CustomerListParams params, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return customers.list(params.filter(), PageQuery.of(page, size));
	}

	@GetMapping("/{id}")
	CustomerDetail get(@PathVariable long id) {
		return customers.get(id);
	}

	/** Changes what is given: phone ("" clears), custom field values by code (null clears), stage with a reason. */
	@PatchMapping("/{id}")
	@Transactional
	CustomerDetail update(@PathVariable long id, @Valid @RequestBody CustomerPatch body) {
		customers.requireVisible(id);
		if (body.phone() != null) {
			customers.setPhone(id, body.phone());
		}
		if (body.fields() != null && !body.fields().isEmpty()) {
			fields.set(id, body.fields());
		}
		if (body.stage() != null) {
			lifecycle.set(List.of(id), body.stage(), body.stageReason() == null ? "api" : body.stageReason());
		}
		return customers.get(id);
	}

	@GetMapping("/{id}/timeline")
	List<TimelineEntry> timeline(@PathVariable long id, @RequestParam(required = false) Long before,
			@RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) List<String> kinds) {
		return timeline.page(id, before, limit, kinds);
	}

	/** Appends an event from another system (e.g. {@code order_paid} with an amount in cents, {@code link_clicked}). */
	@PostMapping("/{id}/timeline")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> append(@PathVariable long id, @Valid @RequestBody NewEvent body) {
		if (body.at() != null && body.at().isAfter(Instant.now().plusSeconds(300))) {
			throw new BadRequestException("error.timeline.future", "An event cannot be in the future");
		}
		timeline.append(id, body.kind(), body.at(), body.userid(), body.ref(), body.amount(), body.detail());
		return Map.of("customerId", id, "kind", body.kind());
	}

	@GetMapping("/{id}/duplicates")
	List<CustomerSummary> duplicates(@PathVariable long id) {
		return customers.duplicatesOf(id);
	}

	/** Merges customer {@code mergedId} into this one. */
	@PostMapping("/{id}/merge")
	CustomerDetail merge(@PathVariable long id, @Valid @RequestBody Merge body) {
		customers.merge(id, body.mergedId());
		return customers.get(id);
	}

	record CustomerPatch(@Size(max = 30) String phone, Map<String, Object> fields, Stage stage,
			@Size(max = 200) String stageReason) {
	}

	record NewEvent(@NotBlank @Size(max = 40) String kind, Instant at, @Size(max = 64) String userid,
			@Size(max = 128) String ref, Long amount, @Size(max = 2000) String detail) {
	}

	record Merge(@NotNull Long mergedId) {
	}
}
