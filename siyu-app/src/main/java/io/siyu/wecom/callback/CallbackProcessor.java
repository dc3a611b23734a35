package io.siyu.wecom.callback;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.shared.UrgentWork;

/**
 * Turns stored callbacks into Siyu events, one transaction per callback: the row is locked, translated, and marked
 * processed together, so a crash at any point leaves it either untouched (picked up by the sweep) or done. Each
 * queued callback first gives way to pending welcome messages ({@link UrgentWork}, at most {@link #YIELD}): they have 20 s,
 * processing has no deadline.
 */
@Component
class CallbackProcessor {

	private static final Logger log = LoggerFactory.getLogger(CallbackProcessor.class);

	private final TenantJdbc jdbc;

	private final CallbackInbox inbox;

	private final CallbackTranslator translator;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final ThreadPoolExecutor workers;

	private final Timer lag;

	private final UrgentWork urgent;

	/** The longest a callback waits for pending welcomes before it is processed anyway. */
	static final Duration YIELD = Duration.ofMillis(200);

	CallbackProcessor(TenantJdbc jdbc, CallbackInbox inbox, CallbackTranslator translator, TransactionTemplate tx,
			Clock clock, CallbackSettings settings, MeterRegistry metrics, UrgentWork urgent) {
		this.urgent = urgent;
		this.lag = Timer.builder("siyu.wecom.callback.lag")
			.description("From a callback's acknowledgement to the commit of its processing")
			.publishPercentiles(0.5, 0.99)
			.register(metrics);
		this.jdbc = jdbc;
		this.inbox = inbox;
		this.translator = translator;
		this.tx = tx;
		this.clock = clock;
		AtomicInteger n = new AtomicInteger();
		this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(20_000), r -> {
					Thread t = new Thread(r, "wecom-callback-" + n.incrementAndGet());
					t.setDaemon(true);
					return t;
				});
		metrics.gauge("siyu.wecom.callback.queue", workers, w -> w.getQueue().size());
	}

	/** Queues a freshly stored callback; if the queue is full the sweep gets it a few seconds later. */
	void processSoon(long id, long corpId) {
		try {
			workers.execute(() -> {
				// on the workers only: the sweep runs on the scheduler thread, which the welcome sweep needs too
				urgent.yieldTo(YIELD);
				process(id, corpId);
			});
		}
		catch (RejectedExecutionException full) {
			log.debug("Callback queue full; inbox row {} waits for the sweep", id);
		}
	}

	void process(long id, long corpId) {
		Actors.runAs(Actor.system(corpId), () -> {
			try {
				tx.executeWithoutResult(status -> {
					Optional<Row> row = jdbc.sql("select payload, received_at from wecom_inbox where id = :id"
							+ " and corp_id = :corp and processed_at is null for update")
						.param("id", id)
						.optional((rs, i) -> new Row(rs.getString("payload"), Timestamps.get(rs, "received_at")));
					if (row.isEmpty()) {
						return; // done already, by another worker or node
					}
					Map<String, String> fields = CallbackXml.parse(row.get().payload());
					translator.apply(corpId, fields);
					jdbc.sql("update wecom_inbox set processed_at = :now, attempts = attempts + 1, last_error = null"
							+ " where id = :id and corp_id = :corp")
						.param("now", Timestamps.of(clock.instant()))
						.param("id", id)
						.update();
					lag.record(Duration.between(row.get().receivedAt(), clock.instant()));
				});
			}
			catch (RuntimeException e) {
				log.warn("Processing WeCom callback {} failed; it will be retried", id, e);
				String error = String.valueOf(e.getMessage());
				jdbc.sql("update wecom_inbox set attempts = attempts + 1, last_error = :error where id = :id and corp_id = :corp")
					.param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
					.param("id", id)
					.update();
			}
		});
	}

	/** Crash recovery: whatever was stored but not processed (and is not in the queue right now). */
	@Scheduled(fixedDelayString = "${siyu.wecom.callback.sweep:PT5S}", initialDelayString = "PT10S")
	void sweep() {
		if (workers.getQueue().size() > 1_000) {
			return;
		}
		inbox.pending(clock.instant().minus(Duration.ofSeconds(10)), 500).forEach(p -> process(p.id(), p.corpId()));
	}

	/** Waits until queued callbacks are processed (for tests and orderly shutdown). */
	boolean awaitIdle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (workers.getQueue().isEmpty() && workers.getActiveCount() == 0) {
				return true;
			}
			Thread.sleep(20);
		}
		return false;
	}

	private record Row(String payload, java.time.Instant receivedAt) {
	}

	@PreDestroy
	void stop() throws InterruptedException {
		workers.shutdown();
		workers.awaitTermination(5, TimeUnit.SECONDS);
	}
}
