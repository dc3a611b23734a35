package io.siyu.shared;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * Work on a deadline goes first on a small machine. A welcome message has WeCom's 20 seconds (which start before its
 * callback arrives, so receiving callbacks counts too); processing the rest of an add (customer, relation, attribution, tags, profile) has no deadline, and under a burst of adds both compete for the
 * same two cores. Deadline work marks itself ({@link #begin()}/{@link #end()}); bulk work calls {@link #yieldTo} between
 * its units and waits while deadline work is pending — bounded, so bulk work slows down but never stops.
 */
@Component
public class UrgentWork {

	private final AtomicInteger pending = new AtomicInteger();

	private final Object idle = new Object();

	public void begin() {
		pending.incrementAndGet();
	}

	public void end() {
		if (pending.decrementAndGet() <= 0) {
			synchronized (idle) {
				idle.notifyAll();
			}
		}
	}

	/** Deadline work queued or running right now. */
	public int pending() {
		return pending.get();
	}

	/** Waits while deadline work is pending, at most {@code maxWait}; returns at once when there is none. */
	public void yieldTo(Duration maxWait) {
		if (pending.get() <= 0) {
			return;
		}
		long deadline = System.nanoTime() + maxWait.toNanos();
		synchronized (idle) {
			long left;
			while (pending.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
				try {
					idle.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}
}
