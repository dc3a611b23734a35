package io.siyu.acquisition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.siyu.customer.CustomerSummary;
import io.siyu.customer.Customers;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.shared.UrgentWork;
import io.siyu.wecom.WeComContactWays;
import io.siyu.wecom.WeComException;

import jakarta.annotation.PreDestroy;

/**
 * Sends stored welcomes exactly once within WeCom's window. A row is claimed with a conditional update (PENDING →
 * SENDING, or a SENDING claim older than {@link #STALE} whose sender died), so two nodes or a sweep racing the fast
 * path never both call WeCom; and WeCom itself accepts a welcome code only once, so even a retry after a lost answer
 * cannot send twice (it gets 41051 and the row becomes USED). Rows whose window closed unsent become MISSED and are
 * counted ({@code siyu.acquisition.welcomes{outcome=missed}}). Queued and running welcomes count as
 * {@link UrgentWork}: processing the rest of an add waits for them, so a burst of adds does not push welcomes past the
 * window on a small machine.
 */
@Component
class WelcomeSender {

	static final Duration STALE = Duration.ofSeconds(8);

	private static final Logger log = LoggerFactory.getLogger(WelcomeSender.class);

	private final TenantJdbc jdbc;

	private final JdbcClient platform;

	private final WeComContactWays wecom;

	private final WelcomeChoice choice;

	private final Customers customers;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Timer latency;

	private final ExecutorService workers;

	/** Rows queued or being sent by this node: the sweep does not queue them again while the fast path has them. */
	private final Set<Long> queued = ConcurrentHashMap.newKeySet();

	private final UrgentWork urgent;

	WelcomeSender(TenantJdbc jdbc, JdbcClient platform, WeComContactWays wecom, WelcomeChoice choice, Customers customers,
			Clock clock, MeterRegistry meters, AcquisitionSettings settings, UrgentWork urgent) {
		this.urgent = urgent;
		this.jdbc = jdbc;
		this.platform = platform;
		this.wecom = wecom;
		this.choice = choice;
		this.customers = customers;
		this.clock = clock;
		this.meters = meters;
		this.latency = Timer.builder("siyu.acquisition.welcome.latency")
			.description("add (callback CreateTime) to send_welcome_msg accepted")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		AtomicInteger n = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(settings.welcomeThreads(), r -> {
			Thread t = new Thread(r, "acq-welcome-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
	}

	void submit(long corpId, long id) {
		if (!queued.add(id)) {
			return; // queued already: under a burst the sweep would otherwise pile copies onto the queue
		}
		urgent.begin();
		try {
			workers.execute(() -> {
				try {
					send(corpId, id);
				}
				catch (RuntimeException e) {
					log.warn("Welcome {} not sent yet: {}", id, e.getMessage());
				}
				finally {
					queued.remove(id);
					urgent.end();
				}
			});
		}
		catch (RejectedExecutionException e) {
			queued.remove(id);
			urgent.end();
			// shutting down: the row stays PENDING for the next start's sweep
		}
	}

	/** Runs welcome work (store and send an add's welcome) on the welcome threads, not the caller's. */
	void start(Runnable work) {
		urgent.begin();
		try {
			workers.execute(() -> {
				try {
					work.run();
				}
				catch (RuntimeException e) {
					log.warn("Early welcome failed, processing the add will store it: {}", e.getMessage());
				}
				finally {
					urgent.end();
				}
			});
		}
		catch (RejectedExecutionException e) {
			urgent.end();
			// shutting down: processing the add stores the welcome
		}
	}

	/** Claims and sends one welcome; returns the row's status afterwards (or null when another sender has it). */
	String send(long corpId, long id) {
		return Actors.callAs(Actor.system(corpId), () -> {
			Instant now = clock.instant();
			int claimed = jdbc.sql("update acq_welcome set status = 'SENDING', attempts = attempts + 1, claimed_at = :now"
					+ " where id = :id and corp_id = :corp and deadline > :now and (status = 'PENDING'"
					+ " or (status = 'SENDING' and claimed_at < :stale))")
				.param("now", Timestamps.of(now))
				.param("stale", Timestamps.of(now.minus(STALE)))
				.param("id", id)
				.update();
			if (claimed == 0) {
				return null;
			}
			Claimed row = jdbc.sql("select welcome_code, userid, external_userid, issued_at, content, attempts from acq_welcome"
					+ " where id = :id and corp_id = :corp")
				.param("id", id)
				.optional((rs, i) -> new Claimed(id, rs.getString(1), rs.getString(2), rs.getString(3),
						Timestamps.get(rs, "issued_at"), Welcome.fromJson(rs.getString(5)), rs.getInt(6)))
				.orElseThrow();
			return deliver(corpId, row);
		});
	}

	/**
	 * Sends a welcome the caller has just stored claimed (SENDING, its first attempt) and holds in memory: no claim
	 * and no re-read. The row is marked queued meanwhile, so this node's sweep leaves it alone.
	 */
	String sendClaimed(long corpId, Claimed row) {
		if (!queued.add(row.id())) {
			return null;
		}
		try {
			return Actors.callAs(Actor.system(corpId), () -> deliver(corpId, row));
		}
		finally {
			queued.remove(row.id());
		}
	}

	/** The WeCom calls for a claimed row, then its outcome (one update, only while the claim holds). */
	private String deliver(long corpId, Claimed row) {
		String status;
		String error = null;
		try {
			Welcome welcome = row.welcome();
			String customerName = welcome.needsCustomerName() ? customerName(corpId, row.externalUserId()) : null;
			String text = welcome.render(LocalTime.ofInstant(row.issuedAt(), CodePush.CHINA), customerName,
					choice.staffName(row.userid()));
			wecom.sendWelcome(corpId, row.welcomeCode(), text, welcome.attachments().stream()
				.map(a -> new WeComContactWays.Content(a.type(), a.title(), a.url(), a.picUrl(), a.desc(), a.appid(),
						a.page(), a.mediaId()))
				.toList());
			status = "SENT";
			latency.record(Duration.between(row.issuedAt(), clock.instant()));
		}
		catch (WeComException e) {
			error = e.getMessage().length() > 500 ? e.getMessage().substring(0, 500) : e.getMessage();
			if (e.errcode() == WeComContactWays.WELCOME_CODE_INVALID) {
				// on a retry, most likely our earlier attempt used the code and its answer was lost
				status = row.attempts() > 1 ? "USED" : "MISSED";
			}
			else if (e.isTransient() || e.errcode() == WeComException.CIRCUIT_OPEN
					|| e.errcode() == WeComException.NOT_CONNECTED) {
				status = "PENDING"; // the sweep tries again while the window is open
			}
			else {
				status = "FAILED";
			}
		}
		jdbc.sql("update acq_welcome set status = :s, error = :e, sent_at = :sent where id = :id and corp_id = :corp"
				+ " and status = 'SENDING'")
			.param("s", status)
			.param("e", error)
			.param("sent", "SENT".equals(status) ? Timestamps.of(clock.instant()) : null)
			.param("id", row.id())
			.update();
		meters.counter("siyu.acquisition.welcomes", "outcome", status.toLowerCase()).increment();
		return status;
	}

	/**
	 * The customer's name, read from WeCom at once (one attempt: the welcome cannot wait for quota); WeCom keeps the
	 * contact it read for the processing of the same add, so the add still costs one read of the contact. If WeCom
	 * cannot answer now, the name Siyu knows already (a returning customer), else none (a neutral greeting).
	 */
	private String customerName(long corpId, String externalUserId) {
		try {
			return wecom.customerName(corpId, externalUserId);
		}
		catch (WeComException e) {
			return customers.idOf(externalUserId)
				.flatMap(id -> customers.summaries(List.of(id)).stream().findFirst())
				.map(CustomerSummary::name)
				.filter(n -> !n.isBlank())
				.orElse(null);
		}
	}

	/**
	 * Retries what the fast path could not send (a restart, a transient error) while the window is open, and closes
	 * the window on the rest: MISSED, counted.
	 */
	@Scheduled(fixedDelayString = "${siyu.acquisition.welcome-sweep:1s}", initialDelayString = "PT1S")
	void sweep() {
		Instant now = clock.instant();
		int missed = platform.sql("update acq_welcome set status = 'MISSED', error = 'the 20-second window closed unsent'"
				+ " where status = 'PENDING' and deadline <= ?").param(Timestamps.of(now)).update();
		// a claim that never came back (the process died mid-call) and whose window closed: whether WeCom got it is unknown
		platform.sql("update acq_welcome set status = 'UNKNOWN', error = 'the sender stopped during the call'"
				+ " where status = 'SENDING' and deadline <= ? and claimed_at < ?")
			.params(Timestamps.of(now), Timestamps.of(now.minus(STALE)))
			.update();
		if (missed > 0) {
			meters.counter("siyu.acquisition.welcomes", "outcome", "missed").increment(missed);
			log.warn("{} welcome messages missed WeCom's 20-second window", missed);
		}
		// rows the fast path has just queued are left to it (issued/claimed more than a second ago only)
		List<long[]> open = platform.sql("select corp_id, id from acq_welcome where deadline > ? and ((status = 'PENDING'"
				+ " and coalesce(claimed_at, issued_at) < ?) or (status = 'SENDING' and claimed_at < ?))"
				+ " order by deadline limit 500")
			.params(Timestamps.of(now), Timestamps.of(now.minusSeconds(1)), Timestamps.of(now.minus(STALE)))
			.query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.list();
		for (long[] w : open) {
			submit(w[0], w[1]);
		}
	}

	@PreDestroy
	void stop() {
		workers.shutdownNow();
	}

	/** A claimed row as the sender needs it. */
	record Claimed(long id, String welcomeCode, String userid, String externalUserId, Instant issuedAt, Welcome welcome,
			int attempts) {
	}
}
