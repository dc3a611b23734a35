package io.siyu.segment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock moved by an offset the test sets (days pass without waiting); its zoned views share the offset. */
final class ShiftedClock extends Clock {

	private final AtomicReference<Duration> offset;

	private final ZoneId zone;

	ShiftedClock() {
		this(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
	}

	private ShiftedClock(AtomicReference<Duration> offset, ZoneId zone) {
		this.offset = offset;
		this.zone = zone;
	}

	void advance(Duration d) {
		offset.updateAndGet(o -> o.plus(d));
	}

	@Override
	public ZoneId getZone() {
		return zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new ShiftedClock(offset, zone);
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(offset.get());
	}
}
