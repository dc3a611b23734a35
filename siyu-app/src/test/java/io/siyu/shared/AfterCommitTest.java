package io.siyu.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** After-commit work runs after a commit, never after a rollback, at once without a transaction. */
class AfterCommitTest {

	private final TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(
			new DriverManagerDataSource("jdbc:h2:mem:after-commit;DB_CLOSE_DELAY=-1")));

	@Test
	void runsOnceTheTransactionHasCommitted() {
		List<String> log = new ArrayList<>();
		tx.executeWithoutResult(s -> {
			AfterCommit.run(() -> log.add("work"));
			log.add("end of transaction");
		});
		assertThat(log).containsExactly("end of transaction", "work");
	}

	@Test
	void neverAfterARollback() {
		List<String> log = new ArrayList<>();
		tx.executeWithoutResult(s -> {
			AfterCommit.run(() -> log.add("work"));
			s.setRollbackOnly();
		});
		assertThatCode(() -> tx.executeWithoutResult(s -> {
			AfterCommit.run(() -> log.add("work"));
			throw new IllegalStateException("failed");
		})).isInstanceOf(IllegalStateException.class);
		assertThat(log).isEmpty();
	}

	@Test
	void atOnceWithoutATransaction() {
		List<String> log = new ArrayList<>();
		AfterCommit.run(() -> log.add("work"));
		assertThat(log).containsExactly("work");
	}

	@Test
	void aFailureAfterCommitDoesNotReachTheCaller() {
		List<String> log = new ArrayList<>();
		assertThatCode(() -> tx.executeWithoutResult(s -> {
			AfterCommit.run(() -> {
				throw new IllegalStateException("read model down");
			});
			AfterCommit.run(() -> log.add("next work"));
		})).doesNotThrowAnyException();
		assertThat(log).containsExactly("next work");
	}

	@Test
	void collectedItemsReachTheWorkOnceAfterCommit() {
		List<List<Long>> runs = new ArrayList<>();
		List<String> log = new ArrayList<>();
		tx.executeWithoutResult(s -> {
			AfterCommit.collect("corp-1", 1L, runs::add);
			AfterCommit.collect("corp-1", 2L, runs::add);
			AfterCommit.collect("corp-2", 3L, runs::add);
			AfterCommit.collect("corp-1", 1L, items -> log.add("not the first call's work"));
			assertThat(runs).isEmpty();
		});
		assertThat(runs).containsExactly(List.of(1L, 2L, 1L), List.of(3L));
		assertThat(log).isEmpty();

		// a rolled back transaction hands nothing on, and leaves nothing for the next one
		runs.clear();
		tx.executeWithoutResult(s -> {
			AfterCommit.collect("corp-1", 4L, runs::add);
			s.setRollbackOnly();
		});
		tx.executeWithoutResult(s -> AfterCommit.collect("corp-1", 5L, runs::add));
		assertThat(runs).containsExactly(List.of(5L));

		// without a transaction: at once, one item
		AfterCommit.collect("corp-1", 6L, runs::add);
		assertThat(runs).containsExactly(List.of(5L), List.of(6L));
	}

	@Test
	void anInnerTransactionCollectsForItsOwnCommit() {
		TransactionTemplate inner = new TransactionTemplate(tx.getTransactionManager());
		inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		List<List<Long>> runs = new ArrayList<>();
		tx.executeWithoutResult(s -> {
			AfterCommit.collect("corp-1", 1L, runs::add);
			inner.executeWithoutResult(i -> AfterCommit.collect("corp-1", 2L, runs::add));
			assertThat(runs).containsExactly(List.of(2L));
			s.setRollbackOnly(); // the outer one fails: the inner one's items were handed on at its commit
		});
		assertThat(runs).containsExactly(List.of(2L));
	}
}
