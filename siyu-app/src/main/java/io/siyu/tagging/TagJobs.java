package io.siyu.tagging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.customer.CustomerFilter;
import io.siyu.customer.CustomerSummary;
import io.siyu.customer.Customers;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.RuleViolationException;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Bulk tag jobs: tag or untag many customers, chosen by the customer list's filter or by ids (at most
 * {@link TagJobSettings#maxCustomers()}). Starting a job stores it with one item per customer, in one transaction;
 * {@link TagJobRunner}s on any node work the items off (mark_tag through the gateway) with the rights of who started it.
 * Corp-wide roles see every job of the corp; others the jobs they started.
 */
@Service
public class TagJobs {

	public enum Action {
		ADD, REMOVE
	}

	private static final int MAX_TAGS = 100;

	private final TenantJdbc jdbc;

	private final Customers customers;

	private final TagCatalog catalog;

	private final Auditor auditor;

	private final ApplicationEventPublisher events;

	private final TagJobSettings settings;

	private final Clock clock;

	TagJobs(TenantJdbc jdbc, Customers customers, TagCatalog catalog, Auditor auditor, ApplicationEventPublisher events,
			TagJobSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.catalog = catalog;
		this.auditor = auditor;
		this.events = events;
		this.settings = settings;
		this.clock = clock;
	}

	/** Starts a job over the customers matching {@code filter}, or over {@code customerIds} when given (not both). */
	@Transactional
	public TagJobView start(Action action, Collection<Long> tagIds, CustomerFilter filter, Collection<Long> customerIds) {
		Actor actor = Actors.require(Permission.CUSTOMERS_WRITE);
		if (action == null) {
			throw new BadRequestException("error.tagJob.action", "action is ADD or REMOVE");
		}
		Set<Long> tags = new LinkedHashSet<>(tagIds == null ? List.of() : tagIds);
		tags.remove(null);
		if (tags.isEmpty() || tags.size() > MAX_TAGS) {
			throw new BadRequestException("error.tagJob.tags", "Choose 1 to " + MAX_TAGS + " tags", MAX_TAGS);
		}
		List<TagView> live = catalog.requireLive(tags);
		if (action == Action.ADD) {
			for (TagView t : live) {
				if (t.wecomId() == null) {
					throw new RuleViolationException("error.tag.notInWeCom",
							"Tag '" + t.name() + "' is not in WeCom yet; try again in a moment", t.name());
				}
			}
		}
		boolean byIds = customerIds != null && !customerIds.isEmpty();
		if (byIds && filter != null) {
			throw new BadRequestException("error.tagJob.selection", "Choose customers by a filter or by ids, not both");
		}
		List<Long> ids;
		String selection;
		if (byIds) {
			ids = new ArrayList<>(new LinkedHashSet<>(customerIds));
			ids.remove(null);
			tooMany(ids.size());
			requireVisible(ids);
			selection = "ids: " + ids.size();
		}
		else if (filter != null) {
			ids = customers.ids(filter, settings.maxCustomers() + 1);
			tooMany(ids.size());
			selection = describe(filter);
		}
		else {
			throw new BadRequestException("error.tagJob.selection", "Choose customers by a filter or by ids");
		}
		if (ids.isEmpty()) {
			throw new RuleViolationException("error.tagJob.noCustomers", "No customer matches: nothing to do");
		}
		Timestamp now = Timestamps.of(clock.instant());
		long jobId = jdbc.sql("insert into tag_job (corp_id, action, tag_ids, status, total, selection, actor_principal,"
				+ " actor_principal_id, actor_kind, actor_role, actor_unit_id, actor_staff_id, created_at)"
				+ " values (:corp, :action, :tags, 'RUNNING', :total, :selection, :principal, :pid, :kind, :role, :unit,"
				+ " :staff, :now)")
			.param("action", action.name())
			.param("tags", tags.stream().map(String::valueOf).collect(Collectors.joining(",")))
			.param("total", ids.size())
			.param("selection", selection.length() > 1000 ? selection.substring(0, 1000) : selection)
			.param("principal", actor.principal())
			.param("pid", actor.principalId())
			.param("kind", actor.kind().name())
			.param("role", actor.role().name())
			.param("unit", actor.scopeUnitId())
			.param("staff", actor.staffId())
			.param("now", now)
			.insert();
		for (int from = 0; from < ids.size(); from += 1000) {
			List<Map<String, Object>> rows = new ArrayList<>();
			for (Long id : ids.subList(from, Math.min(from + 1000, ids.size()))) {
				rows.add(Map.of("job", jobId, "customer", id));
			}
			jdbc.sql("insert into tag_job_item (job_id, customer_id, corp_id, status) values (:job, :customer, :corp,"
					+ " 'PENDING')").batch(rows);
		}
		auditor.record("tag.job.started", "tag_job", jobId, action + " tags " + tags + " on " + ids.size()
				+ " customers (" + selection + ")");
		events.publishEvent(new TagJobStarted(actor.requireCorp(), jobId));
		return get(jobId);
	}

	public TagJobView get(long jobId) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		TagJobView job = jdbc.sql("select * from tag_job where id = :id and corp_id = :corp" + own(actor))
			.param("id", jobId)
			.param("pid", actor.principalId())
			.param("kind", actor.kind().name())
			.optional(this::row)
			.orElseThrow(() -> new NotFoundException("Tag job " + jobId + " not found"));
		return withCounts(job);
	}

	public Page<TagJobView> list(PageQuery page) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		long total = jdbc.sql("select count(*) from tag_job where corp_id = :corp" + own(actor))
			.param("pid", actor.principalId()).param("kind", actor.kind().name()).count();
		List<TagJobView> jobs = jdbc.sql("select * from tag_job where corp_id = :corp" + own(actor)
				+ " order by id desc limit :limit offset :offset")
			.param("pid", actor.principalId())
			.param("kind", actor.kind().name())
			.param("limit", page.size())
			.param("offset", page.offset())
			.list(this::row);
		return page.with(jobs.stream().map(this::withCounts).toList(), total);
	}

	/** The job's customers with their outcome; {@code status} narrows to PENDING, DONE, FAILED or CANCELLED. */
	public Page<TagJobItemView> items(long jobId, String status, PageQuery page) {
		get(jobId);
		String where = " from tag_job_item where job_id = :job and corp_id = :corp"
				+ (status == null || status.isBlank() ? "" : " and status = :status");
		if (status != null && !status.isBlank() && !Set.of("PENDING", "DONE", "FAILED", "CANCELLED").contains(status)) {
			throw new BadRequestException("error.tagJob.status", "status is PENDING, DONE, FAILED or CANCELLED");
		}
		long total = jdbc.sql("select count(*)" + where).param("job", jobId).param("status", status).count();
		List<TagJobItemView> items = jdbc.sql("select customer_id, status, attempts, errcode, error, held, done_at" + where
				+ " order by customer_id limit :limit offset :offset")
			.param("job", jobId)
			.param("status", status)
			.param("limit", page.size())
			.param("offset", page.offset())
			.list((rs, i) -> new TagJobItemView(rs.getLong(1), rs.getString(2), rs.getInt(3),
					rs.getObject(4) == null ? null : rs.getInt(4), rs.getString(5), rs.getBoolean(6),
					Timestamps.get(rs, "done_at")));
		return page.with(items, total);
	}

	/** Stops a running job: customers not done yet are left alone (CANCELLED); those done stay done. */
	@Transactional
	public TagJobView cancel(long jobId) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		TagJobView job = get(jobId);
		if (job.finished()) {
			throw new io.siyu.shared.ConflictException("error.tagJob.finished", "The job has finished already");
		}
		Timestamp now = Timestamps.of(clock.instant());
		jdbc.sql("update tag_job set status = 'CANCELLED', finished_at = :now where id = :id and corp_id = :corp"
				+ " and status = 'RUNNING'").param("now", now).param("id", jobId).update();
		jdbc.sql("update tag_job_item set status = 'CANCELLED', done_at = :now, lease_owner = null, lease_until = null"
				+ " where job_id = :id and corp_id = :corp and status = 'PENDING'").param("now", now).param("id", jobId)
			.update();
		auditor.record("tag.job.cancelled", "tag_job", jobId, "Cancelled tag job " + jobId);
		return get(jobId);
	}

	private void tooMany(int n) {
		if (n > settings.maxCustomers()) {
			throw new RuleViolationException("error.tagJob.tooMany",
					"A job covers at most " + settings.maxCustomers() + " customers; narrow the selection",
					settings.maxCustomers());
		}
	}

	/** Every id must be a customer the actor sees; unknown and invisible ones look the same. */
	private void requireVisible(List<Long> ids) {
		Set<Long> seen = new HashSet<>();
		for (int from = 0; from < ids.size(); from += 1000) {
			customers.summaries(ids.subList(from, Math.min(from + 1000, ids.size()))).stream()
				.map(CustomerSummary::id)
				.forEach(seen::add);
		}
		if (seen.size() != ids.size()) {
			List<Long> unknown = ids.stream().filter(id -> !seen.contains(id)).limit(10).toList();
			throw new BadRequestException("error.tagJob.unknownCustomers",
					(ids.size() - seen.size()) + " customers are unknown, for example " + unknown, ids.size() - seen.size(),
					unknown);
		}
	}

	private static String own(Actor actor) {
		return actor.role().isCorpWide() ? "" : " and actor_principal_id = :pid and actor_kind = :kind";
	}

	private TagJobView withCounts(TagJobView job) {
		Map<String, Long> counts = new HashMap<>();
		long[] held = { 0 };
		jdbc.sql("select status, held, count(*) from tag_job_item where job_id = :job and corp_id = :corp"
				+ " group by status, held")
			.param("job", job.id())
			.list((rs, i) -> {
				counts.merge(rs.getString(1), rs.getLong(3), Long::sum);
				if (rs.getBoolean(2)) {
					held[0] += rs.getLong(3);
				}
				return null;
			});
		return new TagJobView(job.id(), job.action(), job.tagIds(), names(job.tagIds()), job.status(), job.total(),
				counts.getOrDefault("DONE", 0L), counts.getOrDefault("FAILED", 0L), counts.getOrDefault("PENDING", 0L),
				held[0], job.selection(), job.createdBy(), job.createdAt(), job.finishedAt());
	}

	private List<String> names(List<Long> tagIds) {
		Map<Long, String> names = new HashMap<>();
		jdbc.sql("select id, name from tag where corp_id = :corp and id in (:ids)").param("ids", tagIds)
			.list((rs, i) -> names.put(rs.getLong(1), rs.getString(2)));
		return tagIds.stream().map(id -> names.getOrDefault(id, "#" + id)).toList();
	}

	private TagJobView row(ResultSet rs, int i) throws SQLException {
		return new TagJobView(rs.getLong("id"), rs.getString("action"), tagIds(rs.getString("tag_ids")), List.of(),
				rs.getString("status"), rs.getInt("total"), 0, 0, 0, 0, rs.getString("selection"),
				rs.getString("actor_principal"), Timestamps.get(rs, "created_at"),
				rs.getTimestamp("finished_at") == null ? null : Timestamps.get(rs, "finished_at"));
	}

	static List<Long> tagIds(String csv) {
		return Arrays.stream(csv.split(",")).map(Long::valueOf).toList();
	}

	private static String describe(CustomerFilter f) {
		List<String> parts = new ArrayList<>();
		add(parts, "q", f.q());
		add(parts, "tagsAny", f.tagsAny().isEmpty() ? null : f.tagsAny());
		add(parts, "tagsAll", f.tagsAll().isEmpty() ? null : f.tagsAll());
		add(parts, "tagsNone", f.tagsNone().isEmpty() ? null : f.tagsNone());
		add(parts, "staffId", f.staffId());
		add(parts, "unitId", f.unitId());
		add(parts, "state", f.state());
		add(parts, "stage", f.stage());
		add(parts, "addedFrom", f.addedFrom());
		add(parts, "addedTo", f.addedTo());
		add(parts, "status", f.status());
		return parts.isEmpty() ? "filter: all customers" : "filter: " + String.join(", ", parts);
	}

	private static void add(List<String> parts, String name, Object value) {
		if (value != null && !value.toString().isBlank()) {
			parts.add(name + "=" + value);
		}
	}

	/** A job was stored: workers may start after commit. */
	record TagJobStarted(long corpId, long jobId) {
	}
}
