package io.siyu.tagging;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.siyu.customer.CustomerFollowed;
import io.siyu.customer.TimelineAppended;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.WeComException;

/**
 * Evaluates auto-tag rules when a customer does something: a channel add ({@link CustomerFollowed} with its state) or
 * behaviour on the timeline ({@link TimelineAppended}). Each matching rule tags the customer once: its hit is stored
 * in the transaction of the listener, and a transient WeCom error rolls both back for the event registry to retry.
 */
@Component
class AutoTagging {

	private static final Logger log = LoggerFactory.getLogger(AutoTagging.class);

	private final TenantJdbc jdbc;

	private final AutoTagRules rules;

	private final CustomerTagging tagging;

	private final TagCatalog catalog;

	AutoTagging(TenantJdbc jdbc, AutoTagRules rules, CustomerTagging tagging, TagCatalog catalog) {
		this.jdbc = jdbc;
		this.rules = rules;
		this.tagging = tagging;
		this.catalog = catalog;
	}

	@ApplicationModuleListener
	void on(CustomerFollowed followed) {
		if (followed.state() != null && !followed.state().isBlank()) {
			evaluate(new AutoTagFact(followed.corpId(), followed.customerId(), AutoTagFact.FOLLOWED, followed.state(), null,
					followed.userid(), followed.at()));
		}
	}

	// Only the kinds some trigger looks at: the condition is read when the event is published, so the timeline's other
	// kinds cost no event publication and no listener transaction
	@ApplicationModuleListener(condition = "@autoTagRules.watches(#p0.kind())")
	void on(TimelineAppended appended) {
		evaluate(new AutoTagFact(appended.corpId(), appended.customerId(), appended.kind(), appended.ref(),
				appended.amount(), appended.userid(), appended.at()));
	}

	void evaluate(AutoTagFact fact) {
		List<AutoTagTrigger> triggers = rules.triggersFor(fact.kind());
		if (triggers.isEmpty()) {
			return;
		}
		Actors.runAs(Actor.system(fact.corpId()), () -> {
			List<Rule> candidates = jdbc.sql("select id, kind, param, tag_ids from auto_tag_rule where corp_id = :corp"
					+ " and enabled = true and deleted_at is null and kind in (:kinds) order by id")
				.param("kinds", triggers.stream().map(AutoTagTrigger::kind).toList())
				.list((rs, i) -> new Rule(rs.getLong(1), rs.getString(2), rs.getString(3), TagJobs.tagIds(rs.getString(4))));
			for (Rule rule : candidates) {
				if (rules.triggerOf(rule.kind()).matches(rule.param(), fact)) {
					apply(rule, fact);
				}
			}
		});
	}

	private void apply(Rule rule, AutoTagFact fact) {
		List<Long> tags = new ArrayList<>();
		catalog.liveAmong(rule.tagIds()).forEach(t -> {
			if (t.wecomId() != null) {
				tags.add(t.id());
			}
		});
		if (tags.isEmpty()) {
			return;
		}
		Timestamp now = Timestamps.of(fact.at() == null ? java.time.Instant.now() : fact.at());
		int hit = jdbc.sql("insert into auto_tag_hit (corp_id, rule_id, customer_id, hit_at) values (:corp, :rule,"
				+ " :customer, :now) on conflict do nothing")
			.param("rule", rule.id()).param("customer", fact.customerId()).param("now", now)
			.update();
		if (hit == 0) {
			return; // this rule tagged the customer before (or this event is a re-delivery)
		}
		TaggingResult result = tagging.apply(fact.customerId(), tags, List.of(), "AUTO");
		for (TaggingResult.RelationResult r : result.relations()) {
			if (r.errcode() == WeComException.BUSY || r.errcode() == WeComException.FREQUENCY_LIMIT
					|| r.errcode() == WeComException.CONCURRENCY_LIMIT || r.errcode() == WeComException.UNREACHABLE
					|| r.errcode() == WeComException.CIRCUIT_OPEN) {
				throw new WeComException(r.errcode(), "auto-tag rule " + rule.id() + " not applied yet", null);
			}
			if (r.errcode() != 0) {
				log.info("Auto-tag rule {} on customer {}: WeCom refused relation of {}: {}", rule.id(),
						fact.customerId(), r.userid(), r.error());
			}
		}
	}

	private record Rule(long id, String kind, String param, List<Long> tagIds) {
	}
}
