package io.siyu.community;

import java.time.LocalDate;

/** A group's day: members at the end of it, joins and leaves during it. */
public record GroupDay(LocalDate day, int members, int joins, int leaves) {
}
