package io.siyu.acquisition;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

/**
 * The staffing rules of a code: members in rotation order (some marked backup), their weekly shifts, holidays on which
 * the primary members are off, a daily cap per member (null = none) and when customers are accepted without
 * verification.
 */
public record CodeRules(Rotation rotation, Integer dailyCap, List<Member> members, List<Shift> shifts,
		Set<LocalDate> holidays, AutoAccept autoAccept) {

	public CodeRules {
		members = List.copyOf(members);
		shifts = List.copyOf(shifts);
		holidays = Set.copyOf(holidays);
	}

	public record Member(String userid, boolean backup) {
	}

	/** {@code end} exclusive; an end before the start runs past midnight. */
	public record Shift(String userid, DayOfWeek day, LocalTime start, LocalTime end) {

		boolean covers(java.time.LocalDateTime at) {
			LocalTime t = at.toLocalTime();
			if (!start.isAfter(end)) {
				return at.getDayOfWeek() == day && !t.isBefore(start) && t.isBefore(end);
			}
			// overnight: the evening part on its day, the morning part on the next
			return (at.getDayOfWeek() == day && !t.isBefore(start)) || (at.getDayOfWeek() == day.plus(1) && t.isBefore(end));
		}
	}

	/** Skip verification: always, never, or within [from, to) each day (wrapping past midnight when to < from). */
	public record AutoAccept(Mode mode, LocalTime from, LocalTime to) {

		public static final AutoAccept ALWAYS = new AutoAccept(Mode.ALWAYS, null, null);

		public static final AutoAccept NEVER = new AutoAccept(Mode.NEVER, null, null);

		public enum Mode {
			ALWAYS, NEVER, HOURS
		}

		public boolean at(LocalTime t) {
			return switch (mode) {
				case ALWAYS -> true;
				case NEVER -> false;
				case HOURS -> from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
			};
		}
	}
}
