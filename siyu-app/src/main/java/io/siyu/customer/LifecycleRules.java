package io.siyu.customer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.AfterCommit;
import io.siyu.shared.Auditor;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Lifecycle rules of a corp ({@link LifecycleRule}): edited in the settings, applied to the customers an event touched
 * (an interaction on the timeline, a relation added or ended; after that change committed) and to every customer by a
 * daily sweep (dormancy is a matter of time passing). Every move goes through {@link Lifecycle#move}, so it is in the
 * stage history and on the timeline with the rule as the reason.
 */
@Service
public class LifecycleRules {

	private static final Logger log = LoggerFactory.getLogger(LifecycleRules.class);

	private static final int CHUNK = 1000;

	private final TenantJdbc jdbc;

	private final JdbcClient platform;

	private final Lifecycle lifecycle;

	private final Auditor auditor;

	private final Clock clock;

	private final TransactionTemplate tx;

	LifecycleRules(TenantJdbc jdbc, JdbcClient platform, Lifecycle lifecycle, Auditor auditor, Clock clock,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.platform = platform;
		this.lifecycle = lifecycle;
		this.auditor = auditor;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactions);
		this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** The corp's rules (the defaults, switched off, until saved). */
	public LifecycleRule rule() {
		Actors.require(Permission.CUSTOMERS_READ);
		return load();
	}

	@Transactional
	public LifecycleRule save(LifecycleRule rule) {
		Actors.require(Permission.SETTINGS_MANAGE);
		LifecycleRule r = rule.validated();
		var now = Timestamps.of(clock.instant());
		Map<String, Object> row = new HashMap<>();
		row.put("enabled", r.enabled());
		row.put("engaged", r.engagedAfter());
		row.put("repeat", r.repeatAfter());
		row.put("loyal", r.loyalAfter());
		row.put("dormant", r.dormantAfterDays());
		row.put("lost", r.lostWhenNoRelation());
		row.put("kinds", String.join(",", r.interactionKinds()));
		row.put("purchase", r.purchaseKind());
		row.put("by", Actors.require().principal());
		row.put("now", now);
		int updated = jdbc.sql("update lifecycle_rule set enabled = :enabled, engaged_after = :engaged,"
				+ " repeat_after = :repeat, loyal_after = :loyal, dormant_after_days = :dormant,"
				+ " lost_when_no_relation = :lost, interaction_kinds = :kinds, purchase_kind = :purchase,"
				+ " updated_by = :by, updated_at = :now where corp_id = :corp").batch(List.of(row))[0];
		if (updated == 0) {
			jdbc.sql("insert into lifecycle_rule (corp_id, enabled, engaged_after, repeat_after, loyal_after,"
					+ " dormant_after_days, lost_when_no_relation, interaction_kinds, purchase_kind, updated_by, updated_at)"
					+ " values (:corp, :enabled, :engaged, :repeat, :loyal, :dormant, :lost, :kinds, :purchase, :by, :now)")
				.batch(List.of(row));
		}
		auditor.record("lifecycle.rules", "corp", Actors.require().requireCorp(), describe(r));
		return r;
	}

	/** Applies the rules to every customer of the corp as of {@code now}. Returns how many moved. */
	public int sweep(long corpId, Instant now) {
		return Actors.callAs(Actor.system(corpId), () -> {
			LifecycleRule rule = load();
			if (!rule.enabled()) {
				return 0;
			}
			int moved = 0;
			long after = 0;
			while (true) {
				long from = after;
				List<Long> ids = jdbc.sql("select id from customer where corp_id = :corp and id > :after"
						+ " and merged_into is null and " + CustomerScope.system() + " order by id limit " + CHUNK)
					.param("after", from)
					.list((rs, i) -> rs.getLong(1));
				if (ids.isEmpty()) {
					break;
				}
				moved += tx.execute(status -> apply(rule, ids, now));
				after = ids.get(ids.size() - 1);
			}
			jdbc.sql("update lifecycle_rule set last_sweep_at = :now where corp_id = :corp")
				.param("now", Timestamps.of(now)).update();
			return moved;
		});
	}

	/** Applies the rules to these customers as of {@code now}. Returns how many moved. */
	int evaluate(long corpId, List<Long> customerIds, Instant now) {
		return Actors.callAs(Actor.system(corpId), () -> {
			LifecycleRule rule = load();
			if (!rule.enabled() || customerIds.isEmpty()) {
				return 0;
			}
			List<Long> ids = List.copyOf(new LinkedHashSet<>(customerIds));
			int moved = 0;
			for (int from = 0; from < ids.size(); from += CHUNK) {
				List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
				moved += tx.execute(status -> apply(rule, chunk, now));
			}
			return moved;
		});
	}

	@Scheduled(cron = "${siyu.customer.lifecycle.sweep-cron:0 30 3 * * *}", zone = "Asia/Shanghai")
	void daily() {
		for (long corp : platform.sql("select corp_id from lifecycle_rule where enabled = true").query(Long.class).list()) {
			try {
				int moved = sweep(corp, clock.instant());
				log.debug("Lifecycle sweep of corp {}: {} customers moved", corp, moved);
			}
			catch (RuntimeException e) {
				log.warn("Lifecycle sweep of corp {} failed: {}", corp, e.getMessage());
			}
		}
	}

	// After commit, without an event publication (AfterCommit): a failure or a crash is made good by the daily sweep.
	// The customers one transaction touched are evaluated once (an add is a followed event and two timeline entries).

	@EventListener
	void on(TimelineBatchAppended appended) {
		if (appended.kinds().stream().allMatch(TimelineKinds.STAGE_CHANGED::equals)) {
			return; // our own moves
		}
		touched(appended.corpId(), appended.customerIds());
	}

	@EventListener
	void on(CustomerFollowed followed) {
		touched(followed.corpId(), List.of(followed.customerId()));
	}

	@EventListener
	void on(CustomerUnfollowed unfollowed) {
		touched(unfollowed.corpId(), List.of(unfollowed.customerId()));
	}

	private void touched(long corpId, List<Long> customerIds) {
		AfterCommit.collect(new Touched(corpId), customerIds,
				lists -> safely(corpId, lists.stream().flatMap(List::stream).distinct().toList()));
	}

	/** The key of a transaction's touched customers of one corp. */
	private record Touched(long corpId) {
	}

	private void safely(long corpId, List<Long> ids) {
		try {
			evaluate(corpId, ids, clock.instant());
		}
		catch (RuntimeException e) {
			// the daily sweep applies the rules again
			log.warn("Lifecycle rules for {} customers of corp {} not applied: {}", ids.size(), corpId, e.getMessage());
		}
	}

	private int apply(LifecycleRule rule, List<Long> ids, Instant now) {
		Map<Long, long[]> counts = new HashMap<>();
		Map<Long, Instant> last = new HashMap<>();
		Set<String> kinds = new LinkedHashSet<>(rule.interactionKinds());
		kinds.add(rule.purchaseKind());
		jdbc.sql("select e.customer_id, sum(case when e.kind in (:interactions) then 1 else 0 end) as interactions,"
				+ " sum(case when e.kind = :purchase then 1 else 0 end) as orders,"
				+ " max(case when e.kind in (:interactions) then e.at end) as last_at from customer_event e"
				+ " where e.corp_id = :corp and e.customer_id in (:ids) and e.kind in (:kinds) and "
				+ CustomerScope.system() + " group by e.customer_id")
			.param("interactions", rule.interactionKinds())
			.param("purchase", rule.purchaseKind())
			.param("ids", ids)
			.param("kinds", List.copyOf(kinds))
			.list((rs, i) -> {
				counts.put(rs.getLong(1), new long[] { rs.getLong(2), rs.getLong(3) });
				last.put(rs.getLong(1), Timestamps.get(rs, "last_at"));
				return null;
			});
		Map<Stage, List<Long>> moves = new HashMap<>();
		Map<Stage, String> reasons = new HashMap<>();
		jdbc.sql("select id, stage, first_added_at, active_follows from customer where corp_id = :corp and id in (:ids)"
				+ " and merged_into is null and " + CustomerScope.system())
			.param("ids", ids)
			.list((rs, i) -> {
				long id = rs.getLong(1);
				long[] c = counts.getOrDefault(id, new long[2]);
				Instant first = Timestamps.get(rs, "first_added_at");
				LifecycleRule.Facts facts = new LifecycleRule.Facts(Stage.valueOf(rs.getString(2)), first != null,
						rs.getInt(4), c[0], c[1], last.get(id), first);
				Optional<Stage> target = rule.target(facts, now);
				target.ifPresent(stage -> {
					moves.computeIfAbsent(stage, s -> new ArrayList<>()).add(id);
					reasons.put(stage, reason(rule, stage));
				});
				return null;
			});
		int moved = 0;
		for (Map.Entry<Stage, List<Long>> move : moves.entrySet()) {
			moved += lifecycle.move(move.getValue(), move.getKey(), reasons.get(move.getKey()));
		}
		return moved;
	}

	private LifecycleRule load() {
		return jdbc.sql("select * from lifecycle_rule where corp_id = :corp")
			.optional((rs, i) -> new LifecycleRule(rs.getBoolean("enabled"), rs.getInt("engaged_after"),
					rs.getInt("repeat_after"), rs.getInt("loyal_after"), rs.getInt("dormant_after_days"),
					rs.getBoolean("lost_when_no_relation"),
					Arrays.stream(rs.getString("interaction_kinds").split(",")).map(String::trim)
						.filter(k -> !k.isEmpty()).toList(),
					rs.getString("purchase_kind")))
			.orElse(LifecycleRule.defaults());
	}

	private static String reason(LifecycleRule rule, Stage stage) {
		return switch (stage) {
			case LOST -> "rule: every relation ended";
			case DORMANT -> "rule: no interaction for " + rule.dormantAfterDays() + " days";
			case LOYAL -> "rule: " + rule.loyalAfter() + "+ orders";
			case REPEAT -> "rule: " + rule.repeatAfter() + "+ orders";
			case FIRST_PURCHASE -> "rule: first order";
			case ENGAGED -> "rule: " + rule.engagedAfter() + "+ interactions";
			case NEW -> "rule: active again";
		};
	}

	private static String describe(LifecycleRule r) {
		return (r.enabled() ? "on" : "off") + ": engaged " + r.engagedAfter() + ", repeat " + r.repeatAfter()
				+ ", loyal " + r.loyalAfter() + ", dormant " + r.dormantAfterDays() + " d, lost when no relation "
				+ r.lostWhenNoRelation() + ", interactions " + String.join(",", r.interactionKinds()) + ", purchase "
				+ r.purchaseKind();
	}
}
