package io.siyu.acquisition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.siyu.acquisition.CodeRules.AutoAccept;
import io.siyu.acquisition.CodeRules.Member;
import io.siyu.acquisition.CodeRules.Shift;

/** Rotation, schedules, holidays, caps, backups and auto-accept over a clock the test moves. */
class RotationEngineTest {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	/** Wednesday 2026-12-02 10:00 in Shanghai. */
	final MutableClock clock = new MutableClock(LocalDateTime.of(2026, 12, 2, 10, 0).atZone(CHINA).toInstant());

	/** Plays adds against the engine the way the service does: assign, the add lands on the assignee, count it. */
	final class Desk {

		final CodeRules rules;

		final Map<String, Integer> adds = new HashMap<>();

		int cursor = -1;

		LocalDate day;

		Desk(CodeRules rules) {
			this.rules = rules;
		}

		Assignment now() {
			LocalDateTime local = LocalDateTime.ofInstant(clock.instant(), CHINA);
			if (!local.toLocalDate().equals(day)) {
				adds.clear(); // caps count per day
				day = local.toLocalDate();
			}
			return RotationEngine.assign(rules, adds, cursor, local);
		}

		String add() {
			Assignment a = now();
			String who = a.userids().get(0);
			adds.merge(who, 1, Integer::sum);
			cursor = indexOf(who);
			return who;
		}

		List<String> adds(int n) {
			List<String> out = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				out.add(add());
			}
			return out;
		}

		int indexOf(String userid) {
			for (int i = 0; i < rules.members().size(); i++) {
				if (rules.members().get(i).userid().equals(userid)) {
					return i;
				}
			}
			return -1;
		}
	}

	static CodeRules rules(Rotation rotation, Integer cap, List<Member> members, List<Shift> shifts, Set<LocalDate> holidays) {
		return new CodeRules(rotation, cap, members, shifts, holidays, AutoAccept.ALWAYS);
	}

	static List<Member> primaries(String... userids) {
		return java.util.Arrays.stream(userids).map(u -> new Member(u, false)).toList();
	}

	@Test
	void roundRobinCyclesThroughEveryMember() {
		Desk desk = new Desk(rules(Rotation.ROUND_ROBIN, null, primaries("a", "b", "c"), List.of(), Set.of()));
		assertThat(desk.adds(7)).containsExactly("a", "b", "c", "a", "b", "c", "a");
	}

	@Test
	void inOrderFillsTheFirstMemberUpToTheCapThenTheNext() {
		Desk desk = new Desk(rules(Rotation.IN_ORDER, 2, primaries("a", "b", "c"), List.of(), Set.of()));
		assertThat(desk.adds(6)).containsExactly("a", "a", "b", "b", "c", "c");
	}

	@Test
	void leastLoadedPicksTheMemberWithFewestAddsToday() {
		Desk desk = new Desk(rules(Rotation.LEAST_LOADED, null, primaries("a", "b", "c"), List.of(), Set.of()));
		desk.adds.put("a", 5);
		desk.adds.put("b", 1);
		desk.day = LocalDate.of(2026, 12, 2);
		assertThat(desk.adds(4)).containsExactly("c", "b", "c", "b");
		assertThat(desk.adds).containsEntry("b", 3).containsEntry("c", 2);
	}

	@Test
	void randomPutsEveryEligibleMemberBehindTheCode() {
		Desk desk = new Desk(rules(Rotation.RANDOM, 1, primaries("a", "b", "c"), List.of(), Set.of()));
		assertThat(desk.now().userids()).containsExactly("a", "b", "c");
		desk.adds.put("b", 1);
		assertThat(desk.now().userids()).containsExactly("a", "c");
	}

	@Test
	void capsResetAtMidnightInShanghai() {
		Desk desk = new Desk(rules(Rotation.ROUND_ROBIN, 1, List.of(new Member("a", false), new Member("b", false),
				new Member("z", true)), List.of(), Set.of()));
		assertThat(desk.adds(3)).containsExactly("a", "b", "z");
		assertThat(desk.now().duty()).isEqualTo(Assignment.Duty.OVERFLOW); // the backup has a cap too
		clock.set(LocalDateTime.of(2026, 12, 2, 23, 59).atZone(CHINA).toInstant());
		assertThat(desk.now().userids()).containsExactly("z");
		clock.advance(Duration.ofMinutes(2)); // 00:01 Thursday in Shanghai (16:01 UTC)
		assertThat(desk.now().duty()).isEqualTo(Assignment.Duty.PRIMARY);
		assertThat(desk.add()).isEqualTo("a");
	}

	@Test
	void backupServesWhenEveryPrimaryIsCappedAndOverflowKeepsSomebodyBehindTheCode() {
		Desk desk = new Desk(rules(Rotation.ROUND_ROBIN, 2, List.of(new Member("a", false), new Member("b", false),
				new Member("z", true)), List.of(), Set.of()));
		assertThat(desk.adds(6)).containsExactly("a", "b", "a", "b", "z", "z");
		Assignment overflow = desk.now();
		assertThat(overflow.duty()).isEqualTo(Assignment.Duty.OVERFLOW);
		assertThat(overflow.userids()).containsExactly("z");

		Desk noBackup = new Desk(rules(Rotation.ROUND_ROBIN, 1, primaries("a", "b"), List.of(), Set.of()));
		noBackup.adds(2);
		assertThat(noBackup.now().duty()).isEqualTo(Assignment.Duty.OVERFLOW);
		assertThat(noBackup.now().userids()).containsExactly("a", "b");
	}

	@Test
	void shiftsDecideWhoIsOnDutyIncludingOvernightShifts() {
		List<Shift> shifts = List.of(new Shift("day", DayOfWeek.WEDNESDAY, LocalTime.of(9, 0), LocalTime.of(18, 0)),
				new Shift("night", DayOfWeek.WEDNESDAY, LocalTime.of(18, 0), LocalTime.of(2, 0)));
		Desk desk = new Desk(rules(Rotation.ROUND_ROBIN, null, List.of(new Member("day", false),
				new Member("night", false), new Member("backup", true)), shifts, Set.of()));
		assertThat(desk.adds(2)).containsExactly("day", "day");
		clock.set(LocalDateTime.of(2026, 12, 2, 18, 0).atZone(CHINA).toInstant());
		assertThat(desk.add()).isEqualTo("night");
		clock.set(LocalDateTime.of(2026, 12, 3, 1, 59).atZone(CHINA).toInstant()); // Thursday, still the night shift
		assertThat(desk.add()).isEqualTo("night");
		clock.advance(Duration.ofMinutes(1)); // 02:00 Thursday: nobody's shift
		Assignment off = desk.now();
		assertThat(off.duty()).isEqualTo(Assignment.Duty.BACKUP);
		assertThat(off.userids()).containsExactly("backup");
		clock.set(LocalDateTime.of(2026, 12, 3, 10, 0).atZone(CHINA).toInstant()); // Thursday day: no Thursday shift
		assertThat(desk.add()).isEqualTo("backup");
	}

	@Test
	void onAHolidayOnlyBackupsServe() {
		Desk desk = new Desk(rules(Rotation.ROUND_ROBIN, null, List.of(new Member("a", false), new Member("b", true)),
				List.of(), Set.of(LocalDate.of(2026, 12, 2))));
		assertThat(desk.adds(2)).containsExactly("b", "b");
		clock.advance(Duration.ofDays(1));
		assertThat(desk.add()).isEqualTo("a");
	}

	@Test
	void autoAcceptOnlyWithinTheChosenHours() {
		CodeRules night = new CodeRules(Rotation.ROUND_ROBIN, null, primaries("a"), List.of(), Set.of(),
				new AutoAccept(AutoAccept.Mode.HOURS, LocalTime.of(22, 0), LocalTime.of(8, 0)));
		Desk desk = new Desk(night);
		assertThat(desk.now().skipVerify()).isFalse();
		clock.set(LocalDateTime.of(2026, 12, 2, 22, 0).atZone(CHINA).toInstant());
		assertThat(desk.now().skipVerify()).isTrue();
		clock.advance(Duration.ofHours(9).plusMinutes(59)); // 07:59
		assertThat(desk.now().skipVerify()).isTrue();
		clock.advance(Duration.ofMinutes(1));
		assertThat(desk.now().skipVerify()).isFalse();
		assertThat(AutoAccept.NEVER.at(LocalTime.NOON)).isFalse();
		assertThat(AutoAccept.ALWAYS.at(LocalTime.MIDNIGHT)).isTrue();
	}

	/** A clock the test moves. */
	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void set(Instant instant) {
			now = instant;
		}

		void advance(Duration d) {
			now = now.plus(d);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}
	}
}
