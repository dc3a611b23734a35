package io.siyu.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.ForbiddenException;
import io.siyu.shared.Role;
import io.siyu.wecom.CustomerLost;

/**
 * Lifecycle rules in the application: applied when an interaction lands on the timeline or a relation ends, and by the
 * sweep at a moment the test chooses; every move is in the stage history with the rule as its reason.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LifecycleRulesTest {

	@org.springframework.boot.test.web.server.LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

	@Autowired
	LifecycleRules rules;

	@Autowired
	Timeline timeline;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	JdbcClient jdbc;

	@Test
	void eventsAndTheSweepMoveCustomersAlongTheirLifecycle() {
		TestCorp.Fixture a = corps.create();
		Instant added = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		String guide = a.staff().get(0).userid();
		Map<String, Long> ids = customers.customers(a.corpId(), List.of(
				Customer.of("wmAmy" + a.tag(), "Amy", Follow.by(guide, added)),
				Customer.of("wmBen" + a.tag(), "Ben", Follow.by(guide, added))));
		long amy = ids.get("wmAmy" + a.tag());
		long ben = ids.get("wmBen" + a.tag());
		Actor admin = a.actor(Role.CORP_ADMIN);

		// switched off: nothing moves
		note(a, amy, "note");
		note(a, amy, "note");
		assertThat(stage(amy)).isEqualTo("NEW");

		Actors.runAs(admin, () -> rules.save(new LifecycleRule(true, 3, 2, 4, 30, true, List.of("note", "order_paid"),
				"order_paid")));
		note(a, amy, "note");
		await().atMost(Duration.ofSeconds(10)).until(() -> stage(amy).equals("ENGAGED"));
		note(a, amy, "order_paid");
		await().atMost(Duration.ofSeconds(10)).until(() -> stage(amy).equals("FIRST_PURCHASE"));
		note(a, amy, "order_paid");
		await().atMost(Duration.ofSeconds(10)).until(() -> stage(amy).equals("REPEAT"));

		// the customer deletes the member: every relation of Ben ended
		Actors.runAs(Actor.system(a.corpId()), () -> tx.executeWithoutResult(s -> events.publishEvent(
				new CustomerLost(a.corpId(), guide, "wmBen" + a.tag(), Instant.now()))));
		await().atMost(Duration.ofSeconds(10)).until(() -> stage(ben).equals("LOST"));

		// the sweep a day later changes nothing; 31 days after the last interaction Amy is dormant
		assertThat(rules.sweep(a.corpId(), Instant.now().plus(1, ChronoUnit.DAYS))).isZero();
		assertThat(rules.sweep(a.corpId(), Instant.now().plus(31, ChronoUnit.DAYS))).isEqualTo(1);
		assertThat(stage(amy)).isEqualTo("DORMANT");
		assertThat(stage(ben)).isEqualTo("LOST");
		assertThat(rules.sweep(a.corpId(), Instant.now().plus(32, ChronoUnit.DAYS))).isZero();

		assertThat(jdbc.sql("select from_stage || '>' || to_stage || ' ' || reason from customer_stage_history"
				+ " where customer_id = ? order by id").param(amy).query(String.class).list()).containsExactly(
						"NEW>ENGAGED rule: 3+ interactions", "ENGAGED>FIRST_PURCHASE rule: first order",
						"FIRST_PURCHASE>REPEAT rule: 2+ orders", "REPEAT>DORMANT rule: no interaction for 30 days");
		assertThat(jdbc.sql("select count(*) from customer_event where customer_id = ? and kind = 'stage_changed'")
			.param(amy).query(Long.class).single()).isEqualTo(4);
	}

	@Test
	void badRulesAreRefusedAndChangeNothingAndOnlyAdminsEditThem() {
		TestCorp.Fixture a = corps.create();
		Actor admin = a.actor(Role.CORP_ADMIN);
		Actors.runAs(admin, () -> rules.save(new LifecycleRule(true, 5, 2, 6, 90, false, List.of("note"), "order_paid")));
		assertThatThrownBy(() -> Actors.runAs(admin, () -> rules.save(new LifecycleRule(false, 3, 4, 4, 10, true,
				List.of("note"), "order_paid")))).isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> Actors.runAs(a.actor(Role.STORE_MANAGER), () -> rules.save(LifecycleRule.defaults())))
			.isInstanceOf(ForbiddenException.class);
		LifecycleRule kept = Actors.callAs(admin, () -> rules.rule());
		assertThat(kept.enabled()).isTrue();
		assertThat(kept.engagedAfter()).isEqualTo(5);
		assertThat(kept.dormantAfterDays()).isEqualTo(90);
		// another corp has its own (the defaults, switched off)
		TestCorp.Fixture b = corps.create();
		assertThat(Actors.callAs(b.actor(Role.CORP_ADMIN), () -> rules.rule())).isEqualTo(LifecycleRule.defaults());
	}

	@Test
	void theSettingsSectionEditsTheRules() throws Exception {
		TestCorp.Fixture a = corps.create();
		io.siyu.ConsoleBrowser browser = new io.siyu.ConsoleBrowser(port);
		browser.login(a.user("admin"), TestCorp.PASSWORD);
		assertThat(browser.get("/console/settings").body()).contains("hx-get=\"/console/settings/lifecycle\"");
		assertThat(browser.get("/console/settings/lifecycle").body()).contains("lifecycle-form", "name=\"engagedAfter\"");
		var saved = browser.post("/console/settings/lifecycle", "enabled=true&engagedAfter=4&repeatAfter=2&loyalAfter=6"
				+ "&dormantAfterDays=45&lostWhenNoRelation=true&interactionKinds=note,+link_clicked&purchaseKind=order_paid",
				"/console/settings");
		assertThat(saved.statusCode()).isEqualTo(302);
		LifecycleRule rule = Actors.callAs(a.actor(Role.CORP_ADMIN), () -> rules.rule());
		assertThat(rule).isEqualTo(new LifecycleRule(true, 4, 2, 6, 45, true, List.of("note", "link_clicked"), "order_paid"));
		var bad = browser.post("/console/settings/lifecycle", "enabled=true&engagedAfter=0&repeatAfter=2&loyalAfter=6"
				+ "&dormantAfterDays=45&interactionKinds=note&purchaseKind=order_paid", "/console/settings");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(Actors.callAs(a.actor(Role.CORP_ADMIN), () -> rules.rule())).isEqualTo(rule);
		assertThat(browser.post("/console/settings/lifecycle/sweep", "", "/console/settings").body())
			.contains("lifecycle-moved");

		io.siyu.ConsoleBrowser store = new io.siyu.ConsoleBrowser(port);
		store.login(a.user("store"), TestCorp.PASSWORD);
		assertThat(store.get("/console/settings/lifecycle").statusCode()).isEqualTo(403);
	}

	private void note(TestCorp.Fixture a, long customerId, String kind) {
		Actors.runAs(Actor.system(a.corpId()), () -> timeline.append(customerId, kind, Instant.now(), null, null, null,
				kind));
	}

	private String stage(long customerId) {
		return jdbc.sql("select stage from customer where id = ?").param(customerId).query(String.class).single();
	}
}
