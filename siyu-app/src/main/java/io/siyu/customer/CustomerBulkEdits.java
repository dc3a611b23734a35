package io.siyu.customer;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.Role.Permission;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk edit of one custom field or the lifecycle stage for many customers: ticked ones, or every customer of a filtered
 * list within the actor's scope. The value is checked first (wrong type, unknown choice: a clear error, nothing
 * changed). Up to {@code siyu.customer.bulk.at-once} customers change at once, all or nothing; more run as a job
 * in chunks with progress.
 */
@Service
public class CustomerBulkEdits implements CustomerJobs.Handler {

	public static final String KIND = "BULK";

	static final int MAX = 100_000;

	private static final int CHUNK = 1000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Customers customers;

	private final CustomFields fields;

	private final Lifecycle lifecycle;

	private final CustomerJobs jobs;

	private int atOnce;

	CustomerBulkEdits(Customers customers, CustomFields fields, Lifecycle lifecycle,
			@org.springframework.context.annotation.Lazy CustomerJobs jobs,
			@Value("${siyu.customer.bulk.at-once:1000}") int atOnce) {
		this.customers = customers;
		this.fields = fields;
		this.lifecycle = lifecycle;
		this.jobs = jobs;
		this.atOnce = atOnce;
	}

	/** What to set: {@code stage} (values: the stage) or {@code field:<code>} (values: the value, or choices). */
	public record Change(String target, List<String> values, String reason) {

		public Change {
			values = values == null ? List.of() : List.copyOf(values);
		}

		public static Change parse(String target, List<String> values, String reason) {
			if (target == null || !(target.equals("stage") || target.startsWith("field:"))) {
				throw new BadRequestException("error.bulk.target", "Choose a custom field or the stage to set");
			}
			return new Change(target, values, reason);
		}

		boolean stage() {
			return target.equals("stage");
		}

		String code() {
			return target.substring("field:".length());
		}
	}

	/** changed: customers changed at once; jobId: the job when the selection is large. */
	public record Outcome(int changed, Long jobId) {
	}

	/** For tests: the largest selection changed at once; returns the previous value. */
	int atOnce(int value) {
		int previous = atOnce;
		atOnce = value;
		return previous;
	}

	@Override
	public String kind() {
		return KIND;
	}

	/** Applies the change to these customers now (all must be visible), all or nothing. */
	public Outcome forCustomers(Collection<Long> ids, Change change) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		Object value = check(change);
		List<Long> unique = List.copyOf(new LinkedHashSet<>(ids));
		if (unique.isEmpty()) {
			throw new BadRequestException("error.bulk.none", "Select at least one customer");
		}
		if (unique.size() > MAX) {
			throw new BadRequestException("error.field.bulkTooLarge", "At most 100,000 customers per bulk edit");
		}
		return new Outcome(apply(unique, change, value), null);
	}

	/** Applies the change to every customer of the filtered list: at once when few, else as a job. */
	public Outcome forFilter(CustomerFilter filter, Change change) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		Object value = check(change);
		long count = customers.count(filter);
		if (count == 0) {
			throw new BadRequestException("error.bulk.none", "Select at least one customer");
		}
		if (count > MAX) {
			throw new BadRequestException("error.field.bulkTooLarge", "At most 100,000 customers per bulk edit");
		}
		if (count <= atOnce) {
			return new Outcome(apply(customers.ids(filter, atOnce), change, value), null);
		}
		String params = JSON.writeValueAsString(new Params(filter, change));
		long job = jobs.create(KIND, CustomerJobs.Status.QUEUED, "APPLY", null, null, params);
		return new Outcome(0, job);
	}

	@Override
	public CustomerJobs.Outcome run(CustomerJobs.Job job) {
		Params params = JSON.readValue(job.params(), Params.class);
		Object value = check(params.change());
		List<Long> ids = customers.ids(params.filter(), MAX);
		int changed = 0;
		jobs.progress(job.id(), 0, ids.size());
		for (int from = 0; from < ids.size(); from += CHUNK) {
			changed += apply(ids.subList(from, Math.min(ids.size(), from + CHUNK)), params.change(), value);
			jobs.progress(job.id(), Math.min(ids.size(), from + CHUNK), ids.size());
		}
		return new CustomerJobs.Outcome(CustomerJobs.Status.DONE, changed, null);
	}

	private int apply(List<Long> ids, Change change, Object value) {
		if (change.stage()) {
			return lifecycle.set(ids, (Stage) value, change.reason() == null || change.reason().isBlank() ? "bulk"
					: change.reason());
		}
		return fields.setForMany(ids, Map.of(change.code(), value));
	}

	/** The checked value: a Stage, or the raw field value (a list for multiple choice); a 400 when it does not fit. */
	private Object check(Change change) {
		if (change.stage()) {
			String raw = change.values().isEmpty() ? "" : change.values().get(0).trim();
			return Arrays.stream(Stage.values()).filter(s -> s.name().equals(raw)).findFirst()
				.orElseThrow(() -> new BadRequestException("error.stage.missing", "A stage is required"));
		}
		CustomField field = fields.definitions(false).stream().filter(f -> f.code().equals(change.code())).findFirst()
			.orElseThrow(() -> new BadRequestException("error.field.unknown", "Unknown custom field '" + change.code()
					+ "'", change.code()));
		Object raw = field.type() == CustomField.Type.MULTI && change.values().size() > 1 ? change.values()
				: change.values().isEmpty() ? "" : change.values().get(0);
		CustomFields.parse(field, raw);
		return raw;
	}

	record Params(CustomerFilter filter, Change change) {
	}
}
