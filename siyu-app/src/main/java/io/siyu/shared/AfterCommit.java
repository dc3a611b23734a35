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
		// found among the current transaction's synchronizations, which an inner REQUIRES_NEW transaction suspends:
		// items of an inner transaction are handed on after its own commit
		for (TransactionSynchronization registered : TransactionSynchronizationManager.getSynchronizations()) {
			if (registered instanceof Collector<?> collector && collector.key.equals(key)) {
				@SuppressWarnings("unchecked")
				Collector<T> same = (Collector<T>) collector;
				same.items.add(item);
				return;
			}
		}
		Collector<T> collector = new Collector<>(key, work);
		collector.items.add(item);
		TransactionSynchronizationManager.registerSynchronization(collector);
	}

	private static final class Collector<T> implements TransactionSynchronization {

		private final Object key;

		private final Consumer<List<T>> work;

		private final List<T> items = new ArrayList<>();

		private Collector(Object key, Consumer<List<T>> work) {
			this.key = key;
			this.work = work;
		}

		@Override
		public void afterCompletion(int status) {
			if (status != STATUS_COMMITTED) {
				return;
			}
			try {
				work.accept(items);
			}
			catch (RuntimeException e) {
				log.warn("After-commit work failed: {}", e.toString(), e);
			}
		}
	}

	public static void run(Runnable work) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			work.run();
			return;
		}
		// a collector of no items under a key no one else holds
		TransactionSynchronizationManager.registerSynchronization(new Collector<>(new Object(), items -> work.run()));
	}
}
