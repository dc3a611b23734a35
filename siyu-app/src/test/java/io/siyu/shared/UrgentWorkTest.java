package io.siyu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** Bulk work waits for deadline work, but never for long and never all the time. */
class UrgentWorkTest {

	private final UrgentWork urgent = new UrgentWork();

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
