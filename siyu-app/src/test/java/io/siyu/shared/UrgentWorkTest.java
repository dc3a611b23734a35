package io.siyu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** Bulk work waits for deadline work, but never for long and never all the time. */
class UrgentWorkTest {

	private final UrgentWork urgent = new UrgentWork(0.5);

	@Test
	void withoutDeadlineWorkNothingWaits() {
		assertThat(millis(() -> urgent.yieldTo(Duration.ofMillis(300)))).isLessThan(100);
	}

	@Test
	void aWaitEndsWhenTheDeadlineWorkEnds() {
		urgent.begin();
		CompletableFuture.runAsync(() -> {
			sleep(150);
			urgent.end();
		});
		long waited = millis(() -> urgent.yieldTo(Duration.ofSeconds(5)));
		assertThat(waited).isBetween(100L, 2000L);
		assertThat(urgent.pending()).isZero();
	}

	@Test
	void underEndlessDeadlineWorkBulkWorkWaitsAtMostHalfTheTime() {
		urgent.begin();
		try {
			assertThat(millis(() -> urgent.yieldTo(Duration.ofMillis(200)))).as("first wait: the whole bound").isGreaterThanOrEqualTo(190);
			assertThat(millis(() -> urgent.yieldTo(Duration.ofMillis(200)))).as("right after: no wait").isLessThan(100);
			sleep(250); // worked as long as the bound
			assertThat(millis(() -> urgent.yieldTo(Duration.ofMillis(200)))).as("then it gives way again").isGreaterThanOrEqualTo(190);
			// over a second of units of 20 ms, the waiting is at most about half
			long start = System.nanoTime();
			long waited = 0;
			while (System.nanoTime() - start < 1_500_000_000L) {
				waited += millis(() -> urgent.yieldTo(Duration.ofMillis(200)));
				sleep(20);
			}
			assertThat(waited).isBetween(300L, 900L);
		}
		finally {
			urgent.end();
		}
	}

	@Test
	void theDefaultShareIsAFifth() {
		UrgentWork defaults = new UrgentWork();
		defaults.begin();
		try {
			assertThat(waitedOver(defaults, 1_500)).isBetween(950L, 1_450L);
		}
		finally {
			defaults.end();
		}
	}

	@Test
	void aSmallerBulkShareWaitsMoreAndNoneWaitsForEveryPause() {
		UrgentWork fifth = new UrgentWork(0.2);
		UrgentWork none = new UrgentWork(0);
		fifth.begin();
		none.begin();
		try {
			long fifthWaited = waitedOver(fifth, 1_500);
			long noneWaited = waitedOver(none, 1_000);
			// a fifth: runs 50 ms after each 200 ms wait, so ~80 % waiting; none: waits every time (all but the 20 ms units)
			assertThat(fifthWaited).isBetween(950L, 1_450L);
			assertThat(noneWaited).isGreaterThanOrEqualTo(800L);
		}
		finally {
			fifth.end();
			none.end();
		}
	}

	@Test
	void aShareOutsideZeroToOneIsRefused() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new UrgentWork(1))
			.withMessageContaining("bulk-share");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new UrgentWork(-0.1));
	}

	/** Time spent waiting over units of 20 ms of bulk work, for about {@code ms}. */
	private static long waitedOver(UrgentWork work, long ms) {
		long start = System.nanoTime();
		long waited = 0;
		while (System.nanoTime() - start < ms * 1_000_000L) {
			waited += millis(() -> work.yieldTo(Duration.ofMillis(200)));
			sleep(20);
		}
		return waited;
	}

	private static long millis(Runnable r) {
		long start = System.nanoTime();
		r.run();
		return (System.nanoTime() - start) / 1_000_000;
	}

	private static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
