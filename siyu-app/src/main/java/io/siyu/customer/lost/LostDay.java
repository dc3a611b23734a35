package io.siyu.customer.lost;

import java.time.LocalDate;

/** Lost customers of one day (China time), by kind. */
public record LostDay(LocalDate day, long customerDeleted, long staffDeleted) {
}
