package io.siyu.acquisition;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Decides who stands behind a code at a moment (pure: the caller supplies today's adds, the round-robin cursor and the
 * local time). WeCom's contact way picks randomly among its users, so for every rotation but RANDOM exactly one member
 * is put behind the code and moved after each add.
 */
final class RotationEngine {

	private RotationEngine() {
	}

	/**
	 * @param addsToday adds per userid today (for caps and least loaded)
	 * @param cursor position (index in {@code rules.members()}) of the member who received the last add; -1 for none
	 * @param now local time (Asia/Shanghai) of the decision
	 */
	static Assignment assign(CodeRules rules, Map<String, Integer> addsToday, int cursor, LocalDateTime now) {
		boolean skip = rules.autoAccept().at(now.toLocalTime());
		boolean holiday = rules.holidays().contains(now.toLocalDate());
		List<Integer> primaries = new ArrayList<>();
		List<Integer> backups = new ArrayList<>();
		for (int i = 0; i < rules.members().size(); i++) {
			CodeRules.Member m = rules.members().get(i);
			if (!onDuty(rules, m.userid(), now) || capped(rules, addsToday, m.userid())) {
				continue;
			}
			if (m.backup()) {
				backups.add(i);
			}
			else if (!holiday) {
				primaries.add(i);
			}
		}
		if (!primaries.isEmpty()) {
			return new Assignment(pick(rules, primaries, addsToday, cursor), skip, Assignment.Duty.PRIMARY);
		}
		if (!backups.isEmpty()) {
			return new Assignment(pick(rules, backups, addsToday, cursor), skip, Assignment.Duty.BACKUP);
		}
		// nobody eligible: keep the backups (else everyone) behind the code; WeCom needs at least one user
		List<String> all = rules.members().stream().filter(CodeRules.Member::backup).map(CodeRules.Member::userid).toList();
		if (all.isEmpty()) {
			all = rules.members().stream().map(CodeRules.Member::userid).toList();
		}
		return new Assignment(all, skip, Assignment.Duty.OVERFLOW);
	}

	/** Whether the member is within one of their shifts (no shifts = always on duty). */
	static boolean onDuty(CodeRules rules, String userid, LocalDateTime now) {
		boolean hasShifts = false;
		for (CodeRules.Shift shift : rules.shifts()) {
			if (shift.userid().equals(userid)) {
				hasShifts = true;
				if (shift.covers(now)) {
					return true;
				}
			}
		}
		return !hasShifts;
	}

	private static boolean capped(CodeRules rules, Map<String, Integer> adds, String userid) {
		return rules.dailyCap() != null && adds.getOrDefault(userid, 0) >= rules.dailyCap();
	}

	private static List<String> pick(CodeRules rules, List<Integer> eligible, Map<String, Integer> adds, int cursor) {
		List<CodeRules.Member> m = rules.members();
		return switch (rules.rotation()) {
			case RANDOM -> eligible.stream().map(i -> m.get(i).userid()).toList();
			case IN_ORDER -> List.of(m.get(eligible.get(0)).userid());
			case LEAST_LOADED -> List.of(eligible.stream()
				.min(Comparator.<Integer>comparingInt(i -> adds.getOrDefault(m.get(i).userid(), 0)).thenComparingInt(i -> i))
				.map(i -> m.get(i).userid())
				.orElseThrow());
			case ROUND_ROBIN -> List.of(m.get(eligible.stream().filter(i -> i > cursor).findFirst()
				.orElse(eligible.get(0))).userid());
		};
	}
}
