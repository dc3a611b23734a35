package io.siyu.tagging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;

import io.siyu.customer.CustomerFollowed;
import io.siyu.customer.CustomerTags;
import io.siyu.customer.Customers;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.RuleViolationException;
import io.siyu.wecom.WeComException;
import io.siyu.wecom.WeComTags;

/**
 * Tags and untags one customer: on every active relation through WeCom's mark_tag (outside any transaction), then
 * records what WeCom accepted. A customer without a relation keeps the tags in Siyu until a member adds them; then
 * they are marked on the new relation.
 */
@Service
public class CustomerTagging {

	private final TagCatalog catalog;

	private final CustomerTags customerTags;

	private final Customers customers;

	private final WeComTags wecom;

	CustomerTagging(TagCatalog catalog, CustomerTags customerTags, Customers customers, WeComTags wecom) {
		this.catalog = catalog;
		this.customerTags = customerTags;
		this.customers = customers;
		this.wecom = wecom;
	}

	public TaggingResult apply(long customerId, Collection<Long> add, Collection<Long> remove, String source) {
		Actor actor = Actors.require(Permission.CUSTOMERS_WRITE);
		customers.requireVisible(customerId);
		Set<Long> adding = new LinkedHashSet<>(add == null ? List.of() : add);
		Set<Long> removing = new LinkedHashSet<>(remove == null ? List.of() : remove);
		removing.removeAll(adding);
		if (adding.isEmpty() && removing.isEmpty()) {
			throw new BadRequestException("error.tag.nothing", "Name tags to add or remove");
		}
		Map<Long, String> wecomIds = wecomIds(adding, removing);
		List<CustomerTags.Relation> relations = customerTags.activeRelations(customerId);
		if (relations.isEmpty()) {
			customerTags.record(customerId, CustomerTags.NO_RELATION, adding, removing, source);
			return new TaggingResult(customerId, List.of(), true);
		}
		List<TaggingResult.RelationResult> results = new ArrayList<>();
		for (CustomerTags.Relation relation : relations) {
			results.add(mark(actor, relation, adding, removing, wecomIds, source));
		}
		// tags Siyu held before a relation existed are resolved by this explicit choice
		customerTags.record(customerId, CustomerTags.NO_RELATION, List.of(), removing, source);
		return new TaggingResult(customerId, results, false);
	}

	/** Marks one relation in WeCom and records it; a WeCom refusal is reported, not thrown. */
	TaggingResult.RelationResult mark(Actor actor, CustomerTags.Relation relation, Set<Long> adding, Set<Long> removing,
			Map<Long, String> wecomIds, String source) {
		try {
			wecom.mark(actor.requireCorp(), relation.userid(), relation.externalUserId(),
					adding.stream().map(wecomIds::get).toList(),
					removing.stream().map(wecomIds::get).filter(java.util.Objects::nonNull).toList());
		}
		catch (WeComException e) {
			return new TaggingResult.RelationResult(relation.userid(), e.errcode(), e.getMessage());
		}
		customerTags.record(relation.customerId(), relation.userid(), adding, removing, source);
		return new TaggingResult.RelationResult(relation.userid(), 0, null);
	}

	/** WeCom ids of the tags; a tag to add must be live and known to WeCom (not PENDING its creation). */
	Map<Long, String> wecomIds(Set<Long> adding, Set<Long> removing) {
		Map<Long, String> ids = new HashMap<>();
		for (TagView tag : catalog.requireLive(adding)) {
			if (tag.wecomId() == null) {
				throw new RuleViolationException("error.tag.notInWeCom",
						"Tag '" + tag.name() + "' is not in WeCom yet; try again in a moment", tag.name());
			}
			ids.put(tag.id(), tag.wecomId());
		}
		for (Long id : removing) {
			catalog.find(id).ifPresent(t -> ids.put(t.id(), t.wecomId()));
		}
		return ids;
	}

	/**
	 * Tags held for a customer without a relation are marked on their first relation. A customer whose record this add
	 * created holds none: the condition spares it the event publication and the transaction.
	 */
	@ApplicationModuleListener(condition = "!#p0.newCustomer()")
	void on(CustomerFollowed followed) {
		Actors.runAs(Actor.system(followed.corpId()), () -> {
			Set<Long> held = customerTags.heldTags(followed.customerId());
			if (held.isEmpty()) {
				return;
			}
			Map<Long, String> ids = new HashMap<>();
			catalog.liveAmong(held).forEach(t -> {
				if (t.wecomId() != null) {
					ids.put(t.id(), t.wecomId());
				}
			});
			if (ids.isEmpty()) {
				return;
			}
			TaggingResult.RelationResult result = mark(Actors.require(), new CustomerTags.Relation(followed.customerId(),
					followed.userid(), followed.externalUserId()), ids.keySet(), Set.of(), ids, "HELD");
			if (result.errcode() == 0) {
				customerTags.record(followed.customerId(), CustomerTags.NO_RELATION, List.of(), ids.keySet(), "HELD");
			}
			else if (result.errcode() == -1 || result.errcode() == 45009 || result.errcode() == 45033) {
				throw new WeComException(result.errcode(), "held tags not marked yet", null); // retried by the registry
			}
		});
	}
}
