package io.siyu.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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

	/**
	 * Like {@link #run}, for work that takes many items at once: the items given under an equal {@code key} during one
	 * transaction are handed to the work of the first call, once, after commit (a customer a callback touches several
	 * times is evaluated once). Without a transaction the work takes the one item at once.
	 */
	public static <T> void collect(Object key, T item, Consumer<List<T>> work) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			work.accept(List.of(item));
			return;
		}
		@SuppressWarnings("unchecked")
		List<T> items = (List<T>) TransactionSynchronizationManager.getResource(key);
		if (items != null) {
			items.add(item);
			return;
		}
		List<T> collected = new ArrayList<>();
		collected.add(item);
		TransactionSynchronizationManager.bindResource(key, collected);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(key);
				if (status != STATUS_COMMITTED) {
					return;
				}
				try {
					work.accept(collected);
				}
				catch (RuntimeException e) {
					log.warn("After-commit work failed: {}", e.toString(), e);
				}
			}
		});
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
