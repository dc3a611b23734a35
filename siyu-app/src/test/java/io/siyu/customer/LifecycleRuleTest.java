package io.siyu.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.siyu.shared.BadRequestException;

/** The lifecycle rules as plain rules over a clock the test moves. */
class LifecycleRuleTest {

	private final Instant start = Instant.parse("2026-12-01T02:00:00Z");

	private final LifecycleRule rule = new LifecycleRule(true, 3, 2, 5, 60, true, List.of("note", "order_paid"),
			"order_paid");

	private Clock clock = Clock.fixed(start, ZoneOffset.UTC);

	private Optional<Stage> target(Stage stage, int active, long interactions, long orders, Instant last) {
		return rule.target(new LifecycleRule.Facts(stage, true, active, interactions, orders, last, start), clock.instant());
	}

	@Test
	void customersClimbTheLadderByInteractionsAndOrders() {
		assertThat(target(Stage.NEW, 1, 2, 0, start)).isEmpty();
		assertThat(target(Stage.NEW, 1, 3, 0, start)).contains(Stage.ENGAGED);
		assertThat(target(Stage.ENGAGED, 1, 4, 1, start)).contains(Stage.FIRST_PURCHASE);
		assertThat(target(Stage.FIRST_PURCHASE, 1, 5, 2, start)).contains(Stage.REPEAT);
		assertThat(target(Stage.REPEAT, 1, 9, 5, start)).contains(Stage.LOYAL);
		assertThat(target(Stage.LOYAL, 1, 9, 7, start)).isEmpty();
	}

	@Test
	void aHigherStageSetByHandIsNotTakenBack() {
		assertThat(target(Stage.LOYAL, 1, 0, 0, start)).isEmpty();
		assertThat(target(Stage.REPEAT, 1, 3, 1, start)).isEmpty();
	}

	@Test
	void dormantAfterTheDaysWithoutInteractionAndBackWhenTheyInteract() {
		Instant lastNote = start;
		clock = Clock.offset(clock, Duration.ofDays(59));
		assertThat(target(Stage.ENGAGED, 1, 3, 0, lastNote)).isEmpty();
		clock = Clock.offset(clock, Duration.ofDays(2));
		assertThat(target(Stage.ENGAGED, 1, 3, 0, lastNote)).contains(Stage.DORMANT);
		assertThat(target(Stage.REPEAT, 1, 3, 2, lastNote)).contains(Stage.DORMANT);
		assertThat(target(Stage.DORMANT, 1, 3, 2, lastNote)).isEmpty();
		// a new interaction today brings them back where their orders put them
		assertThat(target(Stage.DORMANT, 1, 4, 2, clock.instant())).contains(Stage.REPEAT);
		// without any interaction the first add counts
		assertThat(rule.target(new LifecycleRule.Facts(Stage.NEW, true, 1, 0, 0, null, start), clock.instant()))
			.contains(Stage.DORMANT);
	}

	@Test
	void lostWhenEveryRelationEndedAndBackWhenFollowedAgain() {
		assertThat(target(Stage.REPEAT, 0, 3, 2, start)).contains(Stage.LOST);
		assertThat(target(Stage.LOST, 0, 3, 2, start)).isEmpty();
		assertThat(target(Stage.LOST, 1, 0, 0, start)).contains(Stage.NEW);
		// imported customers who never were anybody's friend are not lost
		assertThat(rule.target(new LifecycleRule.Facts(Stage.NEW, false, 0, 0, 0, null, null), start)).isEmpty();
	}

	@Test
	void switchedOffRulesMoveNobodyAndBadRulesAreRefused() {
		assertThat(LifecycleRule.defaults().target(new LifecycleRule.Facts(Stage.NEW, true, 0, 9, 9, start, start),
				start)).isEmpty();
		assertThatThrownBy(() -> new LifecycleRule(true, 0, 2, 5, 60, true, List.of("note"), "order_paid").validated())
			.isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> new LifecycleRule(true, 3, 3, 3, 60, true, List.of("note"), "order_paid").validated())
			.isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> new LifecycleRule(true, 3, 2, 5, -1, true, List.of("note"), "order_paid").validated())
			.isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> new LifecycleRule(true, 3, 2, 5, 60, true, List.of("Note!"), "order_paid").validated())
			.isInstanceOf(BadRequestException.class);
		assertThat(rule.validated()).isEqualTo(rule);
	}
}
