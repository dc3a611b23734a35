package io.siyu.tagging;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.bucket4j.Bucket;
import io.siyu.customer.CustomerTags;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.WeComException;
import io.siyu.wecom.WeComTags;

/**
 * Works off bulk tag job items on one node. Items are claimed in small batches with a lease under a claim id of this
 * node; each customer is marked in WeCom on every active relation (outside any transaction, paced), then its outcome
 * and the tags WeCom accepted are recorded in one transaction that succeeds only while this claim still holds the
 * item. A node that stops leaves its claims to expire and any other node resumes them; what it had recorded stays.
 * A transient WeCom error (after the gateway's own retries) puts the customer back with a growing pause; a refusal,
 * or too many attempts, fails the customer with WeCom's reason.
 */
class TagJobRunner {

	private static final Logger log = LoggerFactory.getLogger(TagJobRunner.class);

	private final TenantJdbc jdbc;

	private final JdbcClient platform;

	private final CustomerTags customerTags;

	private final WeComTags wecom;

	private final TransactionTemplate tx;

	private final TagJobSettings settings;

	private final Clock clock;

	private final String node;

	private final Bucket pace;

	private volatile boolean halted;

	/** Called after each customer this runner completed (tests stop a runner mid-job with it). */
	volatile LongConsumer afterItem = id -> {
	};

	TagJobRunner(TenantJdbc jdbc, JdbcClient platform, CustomerTags customerTags, WeComTags wecom, TransactionTemplate tx,
			TagJobSettings settings, Clock clock, String node) {
		this.jdbc = jdbc;
		this.platform = platform;
		this.customerTags = customerTags;
		this.wecom = wecom;
		this.tx = tx;
		this.settings = settings;
		this.clock = clock;
		this.node = node;
		int perSecond = Math.max(1, settings.perSecond());
		this.pace = Bucket.builder()
			.addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
			.build();
	}

	String node() {
		return node;
	}

	/** Stops after the customer in hand, leaving claimed customers to their lease (as a node that dies would). */
	void halt() {
		halted = true;
	}

	/** Works until no customer of any running job is due now. Returns how many customers got an outcome. */
	int drain() {
		int completed = 0;
		while (!halted) {
			int claimed = 0;
			for (Object[] job : platform.sql("select id, corp_id from tag_job where status = 'RUNNING' order by id")
				.query((rs, i) -> new Object[] { rs.getLong(1), rs.getLong(2) })
				.list()) {
				if (halted) {
					break;
				}
				try {
					int[] result = Actors.callAs(Actor.system((Long) job[1]), () -> work((Long) job[0]));
					claimed += result[0];
					completed += result[1];
				}
				catch (RuntimeException e) {
					log.warn("Tag job {} paused on this node: {}", job[0], e.toString());
				}
			}
			if (claimed == 0) {
				break;
			}
		}
		return completed;
	}

	/** One batch of one job, as the actor who started it: {claimed, completed}. */
	private int[] work(long jobId) {
		Job job = jdbc.sql("select action, tag_ids, actor_principal, actor_principal_id, actor_kind, actor_role,"
				+ " actor_unit_id, actor_staff_id from tag_job where id = :id and corp_id = :corp and status = 'RUNNING'")
			.param("id", jobId)
			.optional((rs, i) -> new Job(jobId, TagJobs.Action.valueOf(rs.getString(1)), TagJobs.tagIds(rs.getString(2)),
					new Actor(Actors.require().requireCorp(), rs.getLong(4), rs.getString(3), Actor.Kind.valueOf(rs.getString(5)),
							Role.valueOf(rs.getString(6)), (Long) rs.getObject(7, Long.class), (Long) rs.getObject(8, Long.class))))
			.orElse(null);
		if (job == null) {
			return new int[] { 0, 0 };
		}
		return Actors.callAs(job.actor(), () -> {
			String claim = node + "/" + UUID.randomUUID();
			List<Long> ids = claim(jobId, claim);
			int completed = 0;
			if (!ids.isEmpty()) {
				Map<Long, String> wecomIds = wecomIds(job);
				Map<Long, List<CustomerTags.Relation>> relations = customerTags.activeRelations(ids);
				for (Long customerId : ids) {
					if (halted) {
						return new int[] { ids.size(), completed };
					}
					extend(jobId, claim);
					if (process(job, claim, customerId, relations.getOrDefault(customerId, List.of()), wecomIds)) {
						completed++;
						afterItem.accept(customerId);
					}
				}
			}
			finishIfComplete(jobId);
			return new int[] { ids.size(), completed };
		});
	}

	private List<Long> claim(long jobId, String claim) {
		Timestamp now = Timestamps.of(clock.instant());
		String due = " where job_id = :job and corp_id = :corp and status = 'PENDING' and (lease_until is null"
				+ " or lease_until < :now) and (next_at is null or next_at <= :now)";
		List<Long> candidates = jdbc.sql("select customer_id from tag_job_item" + due + " order by customer_id limit :n")
			.param("job", jobId).param("now", now).param("n", settings.batch())
			.list((rs, i) -> rs.getLong(1));
		if (candidates.isEmpty()) {
			return List.of();
		}
		// the conditions are checked again row by row: of two nodes claiming the same item, one wins it
		jdbc.sql("update tag_job_item set lease_owner = :claim, lease_until = :until, attempts = attempts + 1" + due
				+ " and customer_id in (:ids)")
			.param("job", jobId).param("now", now).param("ids", candidates).param("claim", claim)
			.param("until", Timestamps.of(clock.instant().plus(settings.lease())))
			.update();
		return jdbc.sql("select customer_id from tag_job_item where job_id = :job and corp_id = :corp"
				+ " and lease_owner = :claim and status = 'PENDING' order by customer_id")
			.param("job", jobId).param("claim", claim)
			.list((rs, i) -> rs.getLong(1));
	}

	/** Keeps this claim's remaining customers while it works (a batch may wait for WeCom). */
	private void extend(long jobId, String claim) {
		jdbc.sql("update tag_job_item set lease_until = :until where job_id = :job and corp_id = :corp"
				+ " and lease_owner = :claim and status = 'PENDING'")
			.param("until", Timestamps.of(clock.instant().plus(settings.lease())))
			.param("job", jobId).param("claim", claim)
			.update();
	}

	/** Marks one customer and records the outcome; false when the claim was lost meanwhile (another node has it). */
	private boolean process(Job job, String claim, long customerId, List<CustomerTags.Relation> relations,
			Map<Long, String> wecomIds) {
		Set<Long> tags = wecomIds.keySet();
		List<Long> add = job.action() == TagJobs.Action.ADD ? List.copyOf(tags) : List.of();
		List<Long> remove = job.action() == TagJobs.Action.REMOVE ? List.copyOf(tags) : List.of();
		if (tags.isEmpty()) {
			return complete(job, claim, customerId, List.of(), List.of(), List.of(), "FAILED", 0,
					"The job's tags were deleted meanwhile", false);
		}
		List<CustomerTags.Relation> ok = new ArrayList<>();
		WeComException transientError = null;
		String refusal = null;
		int refusalCode = 0;
		for (CustomerTags.Relation r : relations) {
			pace.asBlocking().consumeUninterruptibly(1);
			try {
				wecom.mark(job.actor().requireCorp(), r.userid(), r.externalUserId(),
						add.stream().map(wecomIds::get).toList(),
						remove.stream().map(wecomIds::get).filter(java.util.Objects::nonNull).toList());
				ok.add(r);
			}
			catch (WeComException e) {
				if (e.isTransient() || e.errcode() == WeComException.CIRCUIT_OPEN) {
					transientError = e;
				}
				else {
					refusal = (refusal == null ? "" : refusal + "; ") + r.userid() + ": " + e.getMessage();
					refusalCode = e.errcode();
				}
			}
		}
		if (transientError != null && refusal == null && attempts(job.id(), customerId) < settings.maxAttempts()) {
			return retry(job, claim, customerId, ok, add, remove, transientError);
		}
		if (transientError != null && refusal == null) {
			refusal = "WeCom kept failing after " + settings.maxAttempts() + " attempts: " + transientError.getMessage();
			refusalCode = transientError.errcode();
		}
		boolean held = relations.isEmpty();
		return complete(job, claim, customerId, ok, add, remove, refusal == null ? "DONE" : "FAILED", refusalCode,
				refusal, held);
	}

	private boolean complete(Job job, String claim, long customerId, List<CustomerTags.Relation> ok, List<Long> add,
			List<Long> remove, String status, int errcode, String error, boolean held) {
		try {
			return Boolean.TRUE.equals(tx.execute(s -> {
				record(customerId, ok, add, remove, held);
				int updated = jdbc.sql("update tag_job_item set status = :status, errcode = :code, error = :error, held = :held,"
						+ " done_by = :node, done_at = :now, lease_owner = null, lease_until = null where job_id = :job"
						+ " and corp_id = :corp and customer_id = :customer and lease_owner = :claim and status = 'PENDING'")
					.param("status", status)
					.param("code", errcode == 0 ? null : errcode)
					.param("error", error == null ? null : error.length() > 500 ? error.substring(0, 500) : error)
					.param("held", held)
					.param("node", node)
					.param("now", Timestamps.of(clock.instant()))
					.param("job", job.id())
					.param("customer", customerId)
					.param("claim", claim)
					.update();
				if (updated != 1) {
					s.setRollbackOnly(); // another claim has the customer now: its record counts, not ours
					return false;
				}
				return true;
			}));
		}
		catch (NotFoundException e) {
			// no longer visible to who started the job (moved out of their scope, merged away)
			return complete(job, claim, customerId, List.of(), add, remove, "FAILED", 0, "Customer not found", false);
		}
	}

	private boolean retry(Job job, String claim, long customerId, List<CustomerTags.Relation> ok, List<Long> add,
			List<Long> remove, WeComException error) {
		int attempts = attempts(job.id(), customerId);
		Instant next = clock.instant().plus(settings.backoffAfter(attempts));
		return Boolean.TRUE.equals(tx.execute(s -> {
			// relations WeCom took are recorded now; marking them again on the next attempt changes nothing
			record(customerId, ok, add, remove, false);
			jdbc.sql("update tag_job_item set errcode = :code, error = :error, next_at = :next, lease_owner = null,"
					+ " lease_until = null where job_id = :job and corp_id = :corp and customer_id = :customer"
					+ " and lease_owner = :claim and status = 'PENDING'")
				.param("code", error.errcode())
				.param("error", error.getMessage().length() > 500 ? error.getMessage().substring(0, 500) : error.getMessage())
				.param("next", Timestamps.of(next))
				.param("job", job.id())
				.param("customer", customerId)
				.param("claim", claim)
				.update();
			return false;
		}));
	}

	private void record(long customerId, List<CustomerTags.Relation> ok, List<Long> add, List<Long> remove,
			boolean held) {
		if (held) {
			customerTags.record(customerId, CustomerTags.NO_RELATION, add, remove, "BULK");
			return;
		}
		for (CustomerTags.Relation r : ok) {
			customerTags.record(customerId, r.userid(), add, remove, "BULK");
		}
		if (!remove.isEmpty() && !ok.isEmpty()) {
			customerTags.record(customerId, CustomerTags.NO_RELATION, List.of(), remove, "BULK");
		}
	}

	private int attempts(long jobId, long customerId) {
		return jdbc.sql("select attempts from tag_job_item where job_id = :job and corp_id = :corp"
				+ " and customer_id = :customer").param("job", jobId).param("customer", customerId)
			.value(Integer.class).orElse(0);
	}

	/** The WeCom ids of the job's tags that still exist (a tag deleted meanwhile is left out). */
	private Map<Long, String> wecomIds(Job job) {
		Map<Long, String> ids = new HashMap<>();
		jdbc.sql("select id, wecom_id from tag where corp_id = :corp and id in (:ids) and deleted_at is null"
				+ " and wecom_id is not null").param("ids", job.tagIds())
			.list((rs, i) -> ids.put(rs.getLong(1), rs.getString(2)));
		return ids;
	}

	private void finishIfComplete(long jobId) {
		jdbc.sql("update tag_job set status = 'DONE', finished_at = :now where id = :job and corp_id = :corp"
				+ " and status = 'RUNNING' and not exists (select 1 from tag_job_item i where i.job_id = :job"
				+ " and i.corp_id = :corp and i.status = 'PENDING')")
			.param("now", Timestamps.of(clock.instant()))
			.param("job", jobId)
			.update();
	}

	private record Job(long id, TagJobs.Action action, List<Long> tagIds, Actor actor) {
	}
}
