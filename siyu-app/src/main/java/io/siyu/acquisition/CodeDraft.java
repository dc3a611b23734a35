package io.siyu.acquisition;

import java.time.LocalDate;
import java.util.List;

/**
 * What a user asks for when creating or editing a code. {@code autoAccept}: ALWAYS, NEVER or HOURS with
 * {@code acceptFrom}/{@code acceptTo} (HH:mm). {@code shifts}: weekly duty per member. {@code costCents}: what the
 * channel cost, for cost per add.
 */
public record CodeDraft(String name, Long unitId, Rotation rotation, Integer dailyCap, String autoAccept,
		String acceptFrom, String acceptTo, List<CodeMember> members, List<ShiftSpec> shifts, List<LocalDate> holidays,
		List<Long> tagIds, Welcome welcome, Long costCents) {

	public CodeDraft {
		members = members == null ? List.of() : List.copyOf(members);
		shifts = shifts == null ? List.of() : List.copyOf(shifts);
		holidays = holidays == null ? List.of() : List.copyOf(holidays);
		tagIds = tagIds == null ? List.of() : List.copyOf(tagIds);
	}

	public record CodeMember(String userid, boolean backup) {
	}

	/** day 1 = Monday … 7 = Sunday; start/end HH:mm, end exclusive, an end before the start runs past midnight. */
	public record ShiftSpec(String userid, int day, String start, String end) {
	}
}
