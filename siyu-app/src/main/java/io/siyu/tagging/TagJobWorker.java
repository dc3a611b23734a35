package io.siyu.tagging;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.customer.CustomerTags;
import io.siyu.shared.TenantJdbc;
import io.siyu.wecom.WeComTags;

/**
 * This node's worker for bulk tag jobs: one thread of its own (jobs never hold the shared scheduler), woken when a
 * job starts and every {@code siyu.tagging.jobs.poll} for jobs other nodes started or left behind.
 */
@Component
class TagJobWorker {

	private final TagJobRunner runner;

	private final TagJobSettings settings;

	private final AtomicBoolean busy = new AtomicBoolean();

	private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "tag-jobs");
		t.setDaemon(true);
		return t;
	});

	TagJobWorker(TenantJdbc jdbc, JdbcClient platform, CustomerTags customerTags, WeComTags wecom, TransactionTemplate tx,
			TagJobSettings settings, Clock clock) {
		this.settings = settings;
		this.runner = new TagJobRunner(jdbc, platform, customerTags, wecom, tx, settings, clock,
				ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8));
	}

	@TransactionalEventListener
	void on(TagJobs.TagJobStarted started) {
		kick();
	}

	@Scheduled(fixedDelayString = "${siyu.tagging.jobs.poll:2s}", initialDelayString = "PT15S")
	void poll() {
		kick();
	}

	private void kick() {
		if (!settings.worker() || !busy.compareAndSet(false, true)) {
			return;
		}
		thread.execute(() -> {
			try {
				runner.drain();
			}
			finally {
				busy.set(false);
			}
		});
	}

	@PreDestroy
	void stop() {
		runner.halt();
		thread.shutdownNow();
	}
}
