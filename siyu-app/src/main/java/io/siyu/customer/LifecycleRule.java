package io.siyu.customer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.siyu.shared.BadRequestException;

/**
 * A corp's lifecycle rules: new → engaged after {@code engagedAfter} interactions; first purchase, repeat after
 * {@code repeatAfter} orders, loyal/KOC after {@code loyalAfter}; dormant after {@code dormantAfterDays} without an
 * interaction (0 = never); lost when every relation ended. Rules move customers up the ladder (new → engaged → first
 * purchase → repeat → loyal) but never down, so a stage set by hand higher up stays; dormant and lost customers come
 * back when they interact again or are followed again.
 */
public record LifecycleRule(boolean enabled, int engagedAfter, int repeatAfter, int loyalAfter, int dormantAfterDays,
		boolean lostWhenNoRelation, List<String> interactionKinds, String purchaseKind) {

	public static final List<String> DEFAULT_INTERACTIONS = List.of("note", "group_joined", "link_clicked", "chat_message",
			"order_paid", "coupon_redeemed", "campaign_joined");

	public LifecycleRule {
		interactionKinds = interactionKinds == null ? List.of() : List.copyOf(interactionKinds);
	}

	public static LifecycleRule defaults() {
		return new LifecycleRule(false, 3, 2, 5, 60, true, DEFAULT_INTERACTIONS, "order_paid");
	}

	/** Refuses rules that cannot work (400): counts ≥ 1 and in order, days 0–3650, kinds that are timeline kinds. */
	public LifecycleRule validated() {
		if (engagedAfter < 1 || engagedAfter > 10_000) {
			throw new BadRequestException("error.lifecycle.engaged", "Engaged after 1–10000 interactions");
		}
		if (repeatAfter < 2 || loyalAfter <= repeatAfter || loyalAfter > 10_000) {
			throw new BadRequestException("error.lifecycle.orders",
					"Repeat after at least 2 orders, loyal after more orders than repeat");
		}
		if (dormantAfterDays < 0 || dormantAfterDays > 3650) {
			throw new BadRequestException("error.lifecycle.dormant", "Dormant after 0–3650 days (0 = never)");
		}
		if (interactionKinds.isEmpty() || interactionKinds.size() > 30
				|| !interactionKinds.stream().allMatch(k -> k.matches("[a-z][a-z0-9_]{1,39}"))
				|| purchaseKind == null || !purchaseKind.matches("[a-z][a-z0-9_]{1,39}")) {
			throw new BadRequestException("error.lifecycle.kinds",
					"Interaction and purchase kinds are timeline kinds: 2–40 lower-case letters, digits or _");
		}
		return this;
	}

	/** What the rules know about one customer. {@code lastInteraction}: null when none (the first add counts). */
	public record Facts(Stage stage, boolean everFollowed, int activeFollows, long interactions, long orders,
			Instant lastInteraction, Instant firstAddedAt) {
	}

	/** The stage the rules want for the customer now, if it differs from the current one. */
	public Optional<Stage> target(Facts f, Instant now) {
		if (!enabled) {
			return Optional.empty();
		}
		if (lostWhenNoRelation && f.everFollowed() && f.activeFollows() == 0) {
			return f.stage() == Stage.LOST ? Optional.empty() : Optional.of(Stage.LOST);
		}
		Instant last = f.lastInteraction() != null ? f.lastInteraction() : f.firstAddedAt();
		boolean inactive = dormantAfterDays > 0 && last != null
				&& last.isBefore(now.minus(Duration.ofDays(dormantAfterDays)));
		if (inactive) {
			return f.stage() == Stage.DORMANT ? Optional.empty() : Optional.of(Stage.DORMANT);
		}
		Stage ladder = f.orders() >= loyalAfter ? Stage.LOYAL : f.orders() >= repeatAfter ? Stage.REPEAT
				: f.orders() >= 1 ? Stage.FIRST_PURCHASE : f.interactions() >= engagedAfter ? Stage.ENGAGED : Stage.NEW;
		boolean comingBack = f.stage() == Stage.DORMANT || f.stage() == Stage.LOST;
		if (comingBack || rank(ladder) > rank(f.stage())) {
			return ladder == f.stage() ? Optional.empty() : Optional.of(ladder);
		}
		return Optional.empty();
	}

	private static int rank(Stage stage) {
		return switch (stage) {
			case NEW -> 0;
			case ENGAGED -> 1;
			case FIRST_PURCHASE -> 2;
			case REPEAT -> 3;
			case LOYAL -> 4;
			case DORMANT, LOST -> -1;
		};
	}
}
