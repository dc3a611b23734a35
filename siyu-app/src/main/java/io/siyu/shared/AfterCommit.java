package io.siyu.shared;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work that must see committed data but needs no durability of its own: in-memory read models (the segment index), or
 * work a sweep repeats anyway (lifecycle rules). Runs once the current transaction has committed, or at once when there
 * is none; never when it rolls back.
 * <p>
 * Use it from a plain {@code @EventListener} instead of {@code @TransactionalEventListener}: Spring Modulith stores an
 * event publication for every after-commit transactional listener (an insert, an update and a delete, and the event
 * serialized to JSON), which such listeners do not need. A failure is logged, as Spring does for after-commit
 * listeners, and does not reach the committed transaction's caller.
 */
public final class AfterCommit {

	private static final Logger log = LoggerFactory.getLogger(AfterCommit.class);

	private AfterCommit() {
	}

	public static void run(Runnable work) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			work.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				if (status != STATUS_COMMITTED) {
					return;
				}
				try {
					work.run();
				}
				catch (RuntimeException e) {
					log.warn("After-commit work failed: {}", e.toString(), e);
				}
			}
		});
	}
}
