package io.siyu.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.customer.CustomField;
import io.siyu.customer.CustomFields;
import io.siyu.customer.CustomersChanged;
import io.siyu.organization.OrgUnit;
import io.siyu.organization.Staff;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;

/**
 * The engine's answer equals a straightforward SQL evaluation on the database (H2 or PostgreSQL, whichever the run
 * uses), for thousands of random conditions over random customers, relations, tags, field values and timeline
 * events, as a corp admin, a region manager, a store manager and a guide. A seeded random loop (jqwik 1.9 targets
 * JUnit Platform 1.x; this build runs JUnit 6), so a failure names its seed and case and replays exactly.
 */
@SpringBootTest
class SegmentEngineSqlTest {

	static final long SEED = Long.getLong("segment.seed", 20261204L);

	static final int CASES = Integer.getInteger("segment.cases", 2000);

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

	@Autowired
	CustomFields fields;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	NamedParameterJdbcTemplate named;

	@Autowired
	SegmentEngine engine;

	@Autowired
	CorpIndexes indexes;

	@Autowired
	SegmentSettings settings;

	@Autowired
	ShiftedClock clock;

	@Autowired
	ApplicationEventPublisher publisher;

	@Autowired
	Announcements announcements;

	/**
	 * Four rounds over one index: as built; after new events (some refunds larger than any sum, which the window
	 * totals cannot shift to) arrive through {@link io.siyu.customer.CustomersChanged}; a day later (every window
	 * moves by one day); 45 days later. The window totals, built by the first round's conditions, must follow.
	 */
	@Test
	void engineAgreesWithSqlOnRandomDataAndConditions() {
		Random random = new Random(SEED);
		TestCorp.Fixture a = corps.create();
		World w = world(a, random, 300);
		indexes.forget(a.corpId());
		Set<Integer> sizes = new HashSet<>();
		int[] rounds = { CASES / 2, CASES / 6, CASES / 6, CASES - CASES / 2 - 2 * (CASES / 6) };
		long sqlNanos = 0;
		for (int round = 0; round < rounds.length; round++) {
			if (round == 1) {
				moreEvents(a, w, random);
			}
			else if (round == 2) {
				clock.advance(Duration.ofDays(1));
			}
			else if (round == 3) {
				clock.advance(Duration.ofDays(45));
			}
			sqlNanos += cases(a, w, random, round, rounds[round], sizes);
		}
		System.out.printf("segment engine vs SQL: %d cases, SQL %.1f ms/case%n", CASES, sqlNanos / 1e6 / CASES);
		// the generated cases are not degenerate: answers of many different sizes
		assertThat(sizes.size()).isGreaterThan(50);
	}

	/** New timeline events for some customers (recent, old, refunds), announced as the timeline does; waits for them. */
	private void moreEvents(TestCorp.Fixture a, World w, Random random) {
		Instant now = clock.instant();
		List<Long> changed = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			long id = w.customerIds().get(random.nextInt(w.customerIds().size()));
			String kind = List.of("order_paid", "order_paid", "link_clicked", "group_joined").get(random.nextInt(4));
			Instant at = now.minus(random.nextInt(3) == 0 ? random.nextInt(400) : random.nextInt(3), ChronoUnit.DAYS);
			Long amount = kind.equals("order_paid") ? (i % 10 == 0 ? -900_000L : (long) random.nextInt(300_000)) : null;
			jdbc.sql("insert into customer_event (corp_id, customer_id, kind, at, ref, amount) values (?, ?, ?, ?, ?, ?)")
				.params(a.corpId(), id, kind, Timestamp.from(at), List.of("L1", "L2", "X").get(random.nextInt(3)), amount)
				.update();
			changed.add(id);
		}
		publisher.publishEvent(new CustomersChanged(a.corpId(), changed));
		long deadline = System.currentTimeMillis() + 30_000;
		while (!indexes.idle() && System.currentTimeMillis() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(indexes.idle()).as("index caught up with the new events").isTrue();
	}

	/** Runs {@code n} random cases as random roles against the oracle for the clock's today; the oracle's nanos. */
	private long cases(TestCorp.Fixture a, World w, Random random, int round, int n, Set<Integer> sizes) {
		ZoneId zone = settings.zone();
		LocalDate today = LocalDate.now(clock.withZone(zone));
		SqlOracle oracle = new SqlOracle(named, w.fieldTypes, today, zone);
		ExprGenerator gen = new ExprGenerator(random, w.tags, w.staff, w.units, List.of("a", "b", "c"), w.fields,
				List.of("金", "银"), List.of("order_paid", "link_clicked", "group_joined"), List.of("L1", "L2"), today);
		Role[] roles = { Role.CORP_ADMIN, Role.REGION_MANAGER, Role.STORE_MANAGER, Role.GUIDE };
		long sqlNanos = 0;
		for (int i = 0; i < n; i++) {
			Expr e = gen.expr(random.nextInt(4));
			Role role = roles[random.nextInt(roles.length)];
			Actor actor = a.actor(role);
			Long unit = role == Role.REGION_MANAGER ? Long.valueOf(a.regions().get(0).id())
					: role == Role.STORE_MANAGER ? Long.valueOf(a.stores().get(0).id()) : null;
			Long guide = role == Role.GUIDE ? Long.valueOf(a.guide().id()) : null;
			long started = System.nanoTime();
			List<Long> expected = oracle.ids(a.corpId(), e, unit, guide);
			sqlNanos += System.nanoTime() - started;
			List<Long> actual = Actors.callAs(actor, () -> engine.run(e, Integer.MAX_VALUE).ids());
			long count = Actors.callAs(actor, () -> engine.count(e));
			String text = SegmentPrinter.print(e, new MapVocabulary());
			if (!SqlOracle.sorted(actual).equals(expected)) {
				Set<Long> differ = new HashSet<>(actual);
				differ.addAll(expected);
				differ.removeIf(id -> actual.contains(id) && expected.contains(id));
				System.out.println("DISAGREE " + differ);
				for (Expr leaf : leaves(e)) {
					List<Long> sql = oracle.ids(a.corpId(), leaf, unit, guide);
					List<Long> mine = Actors.callAs(actor, () -> engine.run(leaf, Integer.MAX_VALUE).ids());
					for (Long id : differ) {
						if (sql.contains(id) != mine.contains(id)) {
							System.out.println("DISAGREE on " + id + ": " + SegmentPrinter.print(leaf, new MapVocabulary())
									+ " sql=" + sql.contains(id) + " engine=" + mine.contains(id));
						}
					}
				}
			}
			assertThat(SqlOracle.sorted(actual)).as("round %d (today %s), case %d (seed %d) as %s: %s", round, today, i,
					SEED, role, text).isEqualTo(expected);
			assertThat(count).as("count, round %d, case %d: %s", round, i, text).isEqualTo(expected.size());
			sizes.add(expected.size());
		}
		return sqlNanos;
	}

	/**
	 * Dynamic segments are kept current one change at a time (only the changed customers re-evaluated): after each
	 * round of random changes — tags applied and removed, new events, stage and field edits, relations ended — and
	 * after a new day, every segment's members equal SQL's answer, and the SegmentEntered / SegmentExited
	 * announcements replayed over the first members give the same members. Some segments require membership of an
	 * earlier one.
	 */
	@Test
	void dynamicSegmentsFollowEachChangeAndAgreeWithSql() {
		Random random = new Random(SEED + 1);
		TestCorp.Fixture a = corps.create();
		long corp = a.corpId();
		World w = world(a, random, 200);
		indexes.forget(corp);
		indexes.index(corp);
		LocalDate today = LocalDate.now(clock.withZone(settings.zone()));
		ExprGenerator gen = new ExprGenerator(random, w.tags, w.staff, w.units, List.of("a", "b", "c"), w.fields,
				List.of("金", "银"), List.of("order_paid", "link_clicked", "group_joined"), List.of("L1", "L2"), today);
		Map<Long, Expr> own = new HashMap<>();
		Map<Long, Long> requires = new HashMap<>();
		for (long id = 1; id <= 40; id++) {
			Expr e = gen.expr(random.nextInt(3));
			own.put(id, e);
			Expr saved = e;
			if (id > 30) {
				long other = 1 + random.nextInt(30);
				requires.put(id, other);
				saved = new Expr.And(List.of(e, new Expr.InSegment(other)));
			}
			indexes.saved(corp, id, true, saved, null);
		}
		Map<Long, Set<Long>> replayed = new HashMap<>();
		indexes.dynamicMembers(corp).forEach((id, members) -> replayed.put(id, new HashSet<>(members)));
		announcements.clear();
		int changes = 0;
		for (int round = 0; round <= 8; round++) {
			if (round == 8) {
				clock.advance(Duration.ofDays(1));
				publisher.publishEvent(new CustomersChanged(corp, List.of()));
			}
			else {
				changes += change(a, w, random);
			}
			awaitIdle();
			LocalDate day = LocalDate.now(clock.withZone(settings.zone()));
			SqlOracle oracle = new SqlOracle(named, w.fieldTypes, day, settings.zone());
			Map<Long, List<Long>> members = indexes.dynamicMembers(corp);
			announcements.replay(corp, replayed);
			for (long id = 1; id <= 40; id++) {
				List<Long> expected = new ArrayList<>(oracle.ids(corp, own.get(id), null, null));
				if (requires.containsKey(id)) {
					expected.retainAll(oracle.ids(corp, own.get(requires.get(id)), null, null));
				}
				String text = SegmentPrinter.print(own.get(id), new MapVocabulary());
				assertThat(SqlOracle.sorted(members.get(id))).as("round %d, segment %d: %s", round, id, text)
					.isEqualTo(expected);
				assertThat(SqlOracle.sorted(new ArrayList<>(replayed.get(id))))
					.as("announcements replayed, round %d, segment %d", round, id).isEqualTo(expected);
			}
		}
		assertThat(announcements.seen).as("the changes moved customers in and out of segments").isGreaterThan(20);
		assertThat(changes).isGreaterThan(50);
	}

	/** Random edits of a few customers, announced as the customer module does; how many customers changed. */
	private int change(TestCorp.Fixture a, World w, Random random) {
		long corp = a.corpId();
		Set<Long> changed = new HashSet<>();
		for (int i = 0; i < 12; i++) {
			long id = w.customerIds().get(random.nextInt(w.customerIds().size()));
			changed.add(id);
			long tag = w.tags().get(random.nextInt(4));
			switch (random.nextInt(6)) {
				case 0 -> jdbc.sql("insert into customer_tag (corp_id, customer_id, tag_id, userid, tagged_at, source)"
						+ " select ?, ?, ?, '', current_timestamp, 'TEST' where not exists (select 1 from customer_tag"
						+ " where customer_id = ? and tag_id = ?)").params(corp, id, tag, id, tag).update();
				case 1 -> jdbc.sql("delete from customer_tag where customer_id = ? and tag_id = ?").params(id, tag).update();
				case 2 -> jdbc.sql("insert into customer_event (corp_id, customer_id, kind, at, ref, amount)"
						+ " values (?, ?, 'order_paid', ?, 'L1', ?)")
					.params(corp, id, Timestamp.from(clock.instant().minus(random.nextInt(5), ChronoUnit.DAYS)),
							(long) random.nextInt(200_000))
					.update();
				case 3 -> jdbc.sql("update customer set stage = ? where id = ?")
					.params(List.of("NEW", "ENGAGED", "REPEAT", "LOST").get(random.nextInt(4)), id).update();
				case 4 -> jdbc.sql("update customer_follow set active = not active where customer_id = ?").param(id).update();
				default -> jdbc.sql("update customer_field_value set number_value = ? where customer_id = ? and field_id = ?")
					.params(new BigDecimal(random.nextInt(200) - 20), id, w.fields().get(1).id()).update();
			}
		}
		publisher.publishEvent(new CustomersChanged(corp, List.copyOf(changed)));
		return changed.size();
	}

	private void awaitIdle() {
		long deadline = System.currentTimeMillis() + 30_000;
		do {
			Thread.onSpinWait();
		}
		while (!indexes.idle() && System.currentTimeMillis() < deadline);
		assertThat(indexes.idle()).as("index caught up").isTrue();
	}

	static List<Expr> leaves(Expr e) {
		if (e instanceof Expr.And and) {
			return and.items().stream().flatMap(i -> leaves(i).stream()).toList();
		}
		if (e instanceof Expr.Or or) {
			return or.items().stream().flatMap(i -> leaves(i).stream()).toList();
		}
		if (e instanceof Expr.Not not) {
			return leaves(not.item());
		}
		return List.of(e);
	}

	@TestConfiguration
	static class Config {

		/** Every bean that reads the time reads this clock (the engine's "today" above all). */
		@Bean
		@Primary
		ShiftedClock shiftedClock() {
			return new ShiftedClock();
		}

		@Bean
		Announcements announcements() {
			return new Announcements();
		}
	}

	/** The engine's SegmentEntered / SegmentExited announcements, in the order published. */
	static class Announcements {

		final List<Object> events = new java.util.concurrent.CopyOnWriteArrayList<>();

		volatile int seen;

		@org.springframework.context.event.EventListener
		void on(SegmentEntered e) {
			events.add(e);
			seen++;
		}

		@org.springframework.context.event.EventListener
		void on(SegmentExited e) {
			events.add(e);
			seen++;
		}

		void clear() {
			events.clear();
			seen = 0;
		}

		/** Applies the announcements for the corp received so far to {@code members}, and forgets them. */
		void replay(long corp, Map<Long, Set<Long>> members) {
			List<Object> taken = new ArrayList<>(events);
			events.removeAll(taken);
			for (Object o : taken) {
				if (o instanceof SegmentEntered e && e.corpId() == corp) {
					members.computeIfAbsent(e.segmentId(), k -> new HashSet<>()).addAll(e.customerIds());
				}
				else if (o instanceof SegmentExited e && e.corpId() == corp) {
					members.computeIfAbsent(e.segmentId(), k -> new HashSet<>()).removeAll(e.customerIds());
				}
			}
		}
	}

	record World(List<Long> tags, List<Long> staff, List<Long> units, List<Vocabulary.Field> fields,
			Map<Long, String> fieldTypes, List<Long> customerIds) {
	}

	/** Random customers written straight into the customer module's tables (the engine reads them from there). */
	World world(TestCorp.Fixture a, Random random, int n) {
		long corp = a.corpId();
		List<String> tagNames = IntStream.range(0, 12).mapToObj(i -> "t" + i).toList();
		Map<String, Long> tagIds = customers.tags(corp, Map.of("g", tagNames));
		List<Long> tags = tagNames.stream().map(tagIds::get).toList();
		List<CustomField> defined = Actors.callAs(a.actor(Role.CORP_ADMIN), () -> List.of(
				fields.define("level", "等级", CustomField.Type.SINGLE, List.of("金", "银", "铜")),
				fields.define("points", "积分", CustomField.Type.NUMBER, null),
				fields.define("birthday", "生日", CustomField.Type.DATE, null),
				fields.define("hobbies", "爱好", CustomField.Type.MULTI, List.of("金", "银", "铜"))));
		List<Vocabulary.Field> fieldRefs = defined.stream()
			.map(f -> new Vocabulary.Field(f.id(), f.code(), f.type().name())).toList();
		Map<Long, String> fieldTypes = new HashMap<>();
		fieldRefs.forEach(f -> fieldTypes.put(f.id(), f.type()));
		Instant now = Instant.now();
		String[] stages = { "NEW", "ENGAGED", "REPEAT", "LOST" };
		for (int i = 0; i < n; i++) {
			Timestamp added = random.nextInt(10) == 0 ? null
					: Timestamp.from(now.minusSeconds(random.nextInt(90 * 86400)));
			Integer gender = random.nextInt(5) == 0 ? null : random.nextInt(3);
			jdbc.sql("insert into customer (corp_id, external_userid, name, gender, stage, first_added_at, source, created_at,"
					+ " updated_at) values (?, ?, ?, ?, ?, ?, 'WECOM', current_timestamp, current_timestamp)")
				.params(corp, "wm" + a.tag() + i, "C" + i, gender, stages[random.nextInt(stages.length)], added)
				.update();
		}
		List<Long> ids = jdbc.sql("select id from customer where corp_id = ? order by id").param(corp).query(Long.class).list();
		List<Staff> staff = new ArrayList<>(a.staff());
		staff.add(a.hqStaff());
		String[] states = { "a", "b", "c", null };
		for (Long id : ids) {
			Set<Integer> chosen = new HashSet<>();
			int follows = random.nextInt(3);
			List<String> userids = new ArrayList<>(List.of(""));
			for (int f = 0; f < follows; f++) {
				int s = random.nextInt(staff.size());
				if (!chosen.add(s)) {
					continue;
				}
				Staff member = staff.get(s);
				userids.add(member.userid());
				jdbc.sql("insert into customer_follow (corp_id, customer_id, userid, staff_id, unit_id, state, active, updated_at)"
						+ " values (?, ?, ?, ?, ?, ?, ?, current_timestamp)")
					.params(corp, id, member.userid(), member.id(), member.orgUnitId(), states[random.nextInt(states.length)],
							random.nextInt(5) != 0)
					.update();
			}
			for (int t = 0; t < tags.size(); t++) {
				if (random.nextDouble() < 0.6 / (t + 1)) {
					jdbc.sql("insert into customer_tag (corp_id, customer_id, tag_id, userid, tagged_at, source)"
							+ " values (?, ?, ?, ?, current_timestamp, 'TEST')")
						.params(corp, id, tags.get(t), userids.get(random.nextInt(userids.size())))
						.update();
				}
			}
			for (Vocabulary.Field f : fieldRefs) {
				if (random.nextInt(5) < 3) {
					String text = null;
					BigDecimal number = null;
					java.sql.Date date = null;
					switch (f.type()) {
						case "SINGLE" -> text = List.of("金", "银", "铜").get(random.nextInt(3));
						case "MULTI" -> text = String.join("\n", new HashSet<>(List.of(List.of("金", "银", "铜").get(random.nextInt(3)),
								List.of("金", "银", "铜").get(random.nextInt(3)))));
						case "NUMBER" -> number = new BigDecimal(random.nextInt(200) - 20).add(random.nextBoolean()
								? new BigDecimal("0.5") : BigDecimal.ZERO);
						default -> date = java.sql.Date.valueOf(LocalDate.now().minusDays(random.nextInt(400)));
					}
					jdbc.sql("insert into customer_field_value (corp_id, customer_id, field_id, text_value, number_value,"
							+ " date_value, updated_at) values (?, ?, ?, ?, ?, ?, current_timestamp)")
						.params(corp, id, f.id(), text, number, date)
						.update();
				}
			}
			int events = random.nextInt(9);
			for (int e = 0; e < events; e++) {
				String kind = List.of("order_paid", "order_paid", "link_clicked", "group_joined").get(random.nextInt(4));
				Instant at = now.minus(random.nextInt(400), ChronoUnit.DAYS).minusSeconds(random.nextInt(86400));
				String ref = List.of("L1", "L2", "X").get(random.nextInt(3));
				Long amount = kind.equals("order_paid") ? (random.nextInt(8) == 0 ? null : (long) random.nextInt(300_000) - 1000)
						: null;
				jdbc.sql("insert into customer_event (corp_id, customer_id, kind, at, ref, amount) values (?, ?, ?, ?, ?, ?)")
					.params(corp, id, kind, Timestamp.from(at), random.nextInt(4) == 0 ? null : ref, amount)
					.update();
			}
		}
		for (int m = 0; m < n / 30; m++) {
			long merged = ids.get(random.nextInt(ids.size()));
			long kept = ids.get(random.nextInt(ids.size()));
			if (merged != kept) {
				jdbc.sql("update customer set merged_into = ? where id = ?").params(kept, merged).update();
			}
		}
		// fresh statistics, as autovacuum would give a live database: PostgreSQL otherwise plans the oracle's queries for
		// tables it believes empty (nested loops over every row, seconds per case)
		jdbc.sql("analyze").update();
		List<Long> staffIds = staff.stream().map(Staff::id).toList();
		List<Long> units = new ArrayList<>();
		units.add(a.hq().id());
		a.regions().stream().map(OrgUnit::id).forEach(units::add);
		a.stores().stream().map(OrgUnit::id).forEach(units::add);
		return new World(tags, staffIds, units, fieldRefs, fieldTypes, ids);
	}
}
