package io.siyu.tagging;

import java.time.LocalDate;

/** Customers carrying a tag on a day (Asia/Shanghai). */
public record TagDay(LocalDate day, long customers) {
}
