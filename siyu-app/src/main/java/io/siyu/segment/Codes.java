package io.siyu.segment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/** Order-preserving non-negative codes for the bit-sliced indexes: dates by day, numbers with 4 decimals. */
final class Codes {

	private static final long DAY_BIAS = 1_000_000L;

	private static final long NUMBER_BIAS = 1_000_000_000_000_000_000L;

	private Codes() {
	}

	static long day(LocalDate date) {
		return date.toEpochDay() + DAY_BIAS;
	}

	static long day(long epochDay) {
		return epochDay + DAY_BIAS;
	}

	/** The code of a field's value as written in a condition: a date (yyyy-MM-dd) or a number. */
	static long of(String value) {
		return value.matches("\\d{4}-\\d{2}-\\d{2}") ? day(LocalDate.parse(value)) : number(new BigDecimal(value));
	}

	static long number(BigDecimal n) {
		return n.setScale(4, RoundingMode.UNNECESSARY).unscaledValue().longValueExact() + NUMBER_BIAS;
	}
}
