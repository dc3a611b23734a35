package io.siyu.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.AfterCommit;
import io.siyu.shared.LocalizedException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.shared.web.ConsoleErrors;

/**
 * Durable jobs of the customer module (imports, exports, bulk edits). A job row keeps who started it (role and data
 * scope: the job runs as them, so it never sees more than they do), its input, its progress and its outcome. A worker
 * thread runs queued jobs; a sweep picks up jobs queued on another node or left running by a crash (their work is
 * all-or-nothing or repeatable, so running them again is safe).
 */
@Service
public class CustomerJobs {

	private static final Logger log = LoggerFactory.getLogger(CustomerJobs.class);

	/** A job that has not reported progress for this long is considered abandoned (crash, restart) and re-queued. */
	static final Duration STALE = Duration.ofMinutes(2);

	private final TenantJdbc jdbc;

	private final JdbcClient platform;

	private final TransactionTemplate separate;

	private final Clock clock;

	private final ConsoleErrors errors;

	private final Map<String, Handler> handlers;

	private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "customer-jobs");
		t.setDaemon(true);
		return t;
	});

	CustomerJobs(TenantJdbc jdbc, JdbcClient platform, PlatformTransactionManager tm, Clock clock, ConsoleErrors errors,
			List<Handler> handlers) {
		this.jdbc = jdbc;
		this.platform = platform;
		this.separate = new TransactionTemplate(tm);
		this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
		this.errors = errors;
		this.handlers = handlers.stream().collect(Collectors.toMap(Handler::kind, Function.identity()));
	}

	/** What a kind of job does when it runs (as the actor who started it). */
	public interface Handler {

		String kind();

		/** Does the work of the job's current phase; returns the status to finish with. Throwing fails the job. */
		Outcome run(Job job);
	}

	public record Outcome(Status status, int changed, String message) {
	}

	public enum Status {
		/** An import waiting for its column mapping. */
		MAPPING,
		QUEUED, RUNNING,
		/** An import checked without errors, waiting to be applied. */
		CHECKED,
		/** An import whose check found row errors: nothing can be applied. */
		INVALID,
		DONE, FAILED;

		public boolean finished() {
			return this == DONE || this == FAILED || this == INVALID || this == CHECKED || this == MAPPING;
		}
	}

	public record Job(long id, long corpId, String kind, Status status, String phase, String principal, String fileName,
			String format, String params, int total, int processed, int errors, int changed, String message,
			Instant createdAt, Instant updatedAt, Instant finishedAt) {

		public int percent() {
			if (status == Status.DONE || status == Status.CHECKED) {
				return 100;
			}
			return total <= 0 ? 0 : (int) Math.min(100, processed * 100L / total);
		}

		public boolean running() {
			return status == Status.QUEUED || status == Status.RUNNING;
		}
	}

	public record RowError(int row, String column, String message) {
	}

	/** A new job for the current actor. */
	public long create(String kind, Status status, String phase, String fileName, String format, String params) {
		Actor actor = Actors.require();
		Instant now = clock.instant();
		long id = jdbc.sql("insert into customer_job (corp_id, kind, status, phase, principal, principal_id, actor_kind,"
				+ " role, scope_unit_id, staff_id, file_name, format, params, created_at, updated_at) values (:corp, :kind,"
				+ " :status, :phase, :principal, :pid, :akind, :role, :unit, :staff, :file, :format, :params, :now, :now)")
			.param("kind", kind)
			.param("status", status.name())
			.param("phase", phase)
			.param("principal", actor.principal())
			.param("pid", actor.principalId())
			.param("akind", actor.kind().name())
			.param("role", actor.role().name())
			.param("unit", actor.scopeUnitId())
			.param("staff", actor.staffId())
			.param("file", fileName)
			.param("format", format)
			.param("params", params)
			.param("now", Timestamps.of(now))
			.insert();
		if (status == Status.QUEUED) {
			startAfterCommit(id);
		}
		return id;
	}

	/** The job, if the actor started it or sees the whole corp; otherwise 404. */
	public Job get(long id) {
		Actor actor = Actors.require();
		return jdbc.sql("select * from customer_job where id = :id and corp_id = :corp" + mine(actor))
			.param("id", id)
			.param("pid", actor.principalId())
			.param("principal", actor.principal())
			.optional(CustomerJobs::job)
			.orElseThrow(() -> new NotFoundException("Job " + id + " not found"));
	}

	/** Jobs of a kind the actor may see (their own; all of the corp for corp-wide roles), newest first. */
	public Page<Job> list(String kind, PageQuery page) {
		Actor actor = Actors.require();
		String where = " where corp_id = :corp and kind = :kind" + mine(actor);
		long total = jdbc.sql("select count(*) from customer_job" + where).param("kind", kind)
			.param("pid", actor.principalId()).param("principal", actor.principal()).count();
		List<Job> rows = jdbc.sql("select * from customer_job" + where + " order by created_at desc, id desc"
				+ " limit :limit offset :offset")
			.param("kind", kind)
			.param("pid", actor.principalId())
			.param("principal", actor.principal())
			.param("limit", page.size())
			.param("offset", page.offset())
			.list(CustomerJobs::job);
		return page.with(rows, total);
	}

	/** Queues a job's next phase (e.g. an import's check or apply). Only from a finished state. */
	public void queue(long id, String phase, String params) {
		Job job = get(id);
		if (job.running()) {
			throw new io.siyu.shared.ConflictException("error.job.running", "The job is already running");
		}
		jdbc.sql("update customer_job set status = 'QUEUED', phase = :phase, params = coalesce(:params, params),"
				+ " processed = 0, message = null, updated_at = :now where id = :id and corp_id = :corp")
			.param("phase", phase)
			.param("params", params)
			.param("now", Timestamps.of(clock.instant()))
			.param("id", id)
			.update();
		startAfterCommit(id);
	}

	/** Progress of a running job, committed at once (visible to the console while the job's own work is uncommitted). */
	public void progress(long id, int processed, int total) {
		separate.executeWithoutResult(s -> jdbc.sql("update customer_job set processed = :p, total = :t, updated_at = :now"
				+ " where id = :id and corp_id = :corp")
			.param("p", processed)
			.param("t", total)
			.param("now", Timestamps.of(clock.instant()))
			.param("id", id)
			.update());
	}

	public void saveFile(long jobId, String name, byte[] content) {
		jdbc.sql("delete from customer_job_file where job_id = :job and name = :name and corp_id = :corp")
			.param("job", jobId).param("name", name).update();
		jdbc.sql("insert into customer_job_file (corp_id, job_id, name, content) values (:corp, :job, :name, :content)")
			.param("job", jobId).param("name", name).param("content", content).update();
	}

	public Optional<byte[]> file(long jobId, String name) {
		get(jobId);
		return jdbc.sql("select content from customer_job_file where job_id = :job and name = :name and corp_id = :corp")
			.param("job", jobId)
			.param("name", name)
			.optional((rs, i) -> rs.getBytes(1));
	}

	/** Replaces the job's row errors (committed separately: a failed check rolls back everything else). */
	public void saveErrors(long jobId, List<RowError> rowErrors) {
		separate.executeWithoutResult(s -> {
			jdbc.sql("delete from customer_job_error where job_id = :job and corp_id = :corp").param("job", jobId).update();
			List<Map<String, Object>> rows = new ArrayList<>();
			for (RowError e : rowErrors) {
				rows.add(Map.of("job", jobId, "row", e.row(), "col", e.column() == null ? "" : e.column(), "msg",
						e.message().length() > 1000 ? e.message().substring(0, 1000) : e.message()));
			}
			jdbc.sql("insert into customer_job_error (corp_id, job_id, row_no, column_name, message)"
					+ " values (:corp, :job, :row, :col, :msg)").batch(rows);
		});
	}

	public List<RowError> errors(long jobId, int limit) {
		get(jobId);
		return jdbc.sql("select row_no, column_name, message from customer_job_error where job_id = :job and corp_id = :corp"
				+ " order by row_no, column_name limit :limit")
			.param("job", jobId)
			.param("limit", limit)
			.list((rs, i) -> new RowError(rs.getInt(1), rs.getString(2), rs.getString(3)));
	}

	/** Runs one queued job now on this thread, if it is still queued (tests, the worker, the sweep). */
	public void runNow(long id, long corpId) {
		Job job = Actors.callAs(Actor.system(corpId), () -> claim(id));
		if (job == null) {
			return;
		}
		Actor actor = actorOf(id, corpId);
		Outcome outcome;
		try {
			Handler handler = handlers.get(job.kind());
			if (handler == null) {
				throw new IllegalStateException("No handler for job kind " + job.kind());
			}
			outcome = Actors.callAs(actor, () -> handler.run(job));
		}
		catch (LocalizedException e) {
			outcome = new Outcome(Status.FAILED, 0, errors.describe(e));
		}
		catch (RuntimeException e) {
			log.error("Customer job {} ({}) failed", id, job.kind(), e);
			outcome = new Outcome(Status.FAILED, 0, "Unexpected error: " + e.getClass().getSimpleName());
		}
		Outcome finished = outcome;
		Actors.runAs(Actor.system(corpId), () -> separate.executeWithoutResult(s -> jdbc.sql("update customer_job"
				+ " set status = :status, changed = :changed, message = :message, updated_at = :now, finished_at = :now,"
				+ " processed = case when :done then total else processed end where id = :id and corp_id = :corp")
			.param("status", finished.status().name())
			.param("changed", finished.changed())
			.param("message", finished.message() == null ? null
					: finished.message().substring(0, Math.min(1000, finished.message().length())))
			.param("done", finished.status() == Status.DONE || finished.status() == Status.CHECKED)
			.param("now", Timestamps.of(clock.instant()))
			.param("id", id)
			.update()));
	}

	/** Sets the job's error count (a check). */
	public void counts(long id, int total, int errorCount) {
		separate.executeWithoutResult(s -> jdbc.sql("update customer_job set total = :t, errors = :e, updated_at = :now"
				+ " where id = :id and corp_id = :corp")
			.param("t", total)
			.param("e", errorCount)
			.param("now", Timestamps.of(clock.instant()))
			.param("id", id)
			.update());
	}

	/** Queued jobs of every corp, and jobs abandoned while running, are started here. */
	@Scheduled(fixedDelayString = "${siyu.customer.jobs.sweep:PT10S}", initialDelayString = "PT15S")
	void sweep() {
		Instant stale = clock.instant().minus(STALE);
		platform.sql("update customer_job set status = 'QUEUED' where status = 'RUNNING' and updated_at < ?")
			.param(Timestamps.of(stale))
			.update();
		platform.sql("select id, corp_id from customer_job where status = 'QUEUED' order by id")
			.query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.list()
			.forEach(j -> worker.execute(() -> runNow(j[0], j[1])));
	}

	private void startAfterCommit(long id) {
		long corp = Actors.require().requireCorp();
		AfterCommit.run(() -> worker.execute(() -> runNow(id, corp)));
	}

	private Job claim(long id) {
		int claimed = separate.execute(s -> jdbc.sql("update customer_job set status = 'RUNNING', updated_at = :now"
				+ " where id = :id and corp_id = :corp and status = 'QUEUED'")
			.param("now", Timestamps.of(clock.instant()))
			.param("id", id)
			.update());
		if (claimed == 0) {
			return null;
		}
		return jdbc.sql("select * from customer_job where id = :id and corp_id = :corp").param("id", id)
			.optional(CustomerJobs::job).orElse(null);
	}

	private Actor actorOf(long id, long corpId) {
		return Actors.callAs(Actor.system(corpId), () -> jdbc.sql("select principal, principal_id, actor_kind, role,"
				+ " scope_unit_id, staff_id from customer_job where id = :id and corp_id = :corp")
			.param("id", id)
			.optional((rs, i) -> new Actor(corpId, rs.getLong(2), rs.getString(1), Actor.Kind.valueOf(rs.getString(3)),
					Role.valueOf(rs.getString(4)), Timestamps.nullableLong(rs, "scope_unit_id"),
					Timestamps.nullableLong(rs, "staff_id")))
			.orElseThrow());
	}

	private static String mine(Actor actor) {
		return actor.role().isCorpWide() ? "" : " and principal_id = :pid and principal = :principal";
	}

	private static Job job(ResultSet rs, int i) throws SQLException {
		return new Job(rs.getLong("id"), rs.getLong("corp_id"), rs.getString("kind"), Status.valueOf(rs.getString("status")),
				rs.getString("phase"), rs.getString("principal"), rs.getString("file_name"), rs.getString("format"),
				rs.getString("params"), rs.getInt("total"), rs.getInt("processed"), rs.getInt("errors"),
				rs.getInt("changed"), rs.getString("message"), Timestamps.get(rs, "created_at"),
				Timestamps.get(rs, "updated_at"), Timestamps.get(rs, "finished_at"));
	}

	@PreDestroy
	void stop() {
		worker.shutdownNow();
	}
}
