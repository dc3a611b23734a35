package io.siyu.shared;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Work on a deadline goes first on a small machine. A welcome message has WeCom's 20 seconds; processing the rest of
 * an add (customer, relation, attribution, tags, profile) has no deadline, and under a burst of adds both compete for the
 * same two cores. Deadline work marks itself ({@link #begin()}/{@link #end()}); bulk work calls {@link #yieldTo} between
 * its units and waits while deadline work is pending — bounded twice: one wait lasts at most its {@code maxWait}, and a
 * thread that waited runs free for a while before it waits again (a share of the time, {@code siyu.urgent-work.bulk-share},
 * 0.2 by default), so under deadline work that never ends (a steady stream of adds) bulk work still runs at a fifth of
 * its speed or better (never starved); in bursts it catches up in the pauses.
 */
@Component
public class UrgentWork {

	private final AtomicInteger pending = new AtomicInteger();

	private final Object idle = new Object();

	/** When each bulk thread last finished waiting (nanoTime), 0 when never. */
	private final ThreadLocal<long[]> lastWait = ThreadLocal.withInitial(() -> new long[1]);

	/** How long a bulk thread runs free after a wait, as a multiple of the wait's bound. */
	private final double freeRatio;

	/** The default of {@code siyu.urgent-work.bulk-share}. */
	static final double DEFAULT_SHARE = 0.2;

	/** Bulk threads run a fifth of the time or more under endless deadline work (the default share). */
	public UrgentWork() {
		this(DEFAULT_SHARE);
	}

	/**
	 * @param bulkShare the least share of time a bulk thread runs under endless deadline work (0 = it waits for every
	 * pause in deadline work, and its backlog can grow as long as deadline work lasts; below 1)
	 */
	@Autowired
	public UrgentWork(@Value("${siyu.urgent-work.bulk-share:" + DEFAULT_SHARE + "}") double bulkShare) {
		if (bulkShare < 0 || bulkShare >= 1) {
			throw new IllegalArgumentException("siyu.urgent-work.bulk-share must be in [0, 1): " + bulkShare);
		}
		this.freeRatio = bulkShare / (1 - bulkShare);
	}

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

	/**
	 * Waits while deadline work is pending, at most {@code maxWait}; returns at once when there is none, or when this
	 * thread finished waiting less than {@code maxWait} ago.
	 */
	public void yieldTo(Duration maxWait) {
		if (pending.get() <= 0) {
			return;
		}
		long[] last = lastWait.get();
		long start = System.nanoTime();
		if (last[0] != 0 && start - last[0] < (long) (maxWait.toNanos() * freeRatio)) {
			return;
		}
		try {
			await(start + maxWait.toNanos());
		}
		finally {
			last[0] = System.nanoTime();
		}
	}

	private void await(long deadline) {
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
