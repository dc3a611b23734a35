package io.siyu.tagging;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.siyu.customer.CustomerTags;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.wecom.ContactsFetched;
import io.siyu.wecom.FollowInfo;

/**
 * The tags WeCom reports on each relation of a sync page or re-read, stored after the customer module stored the
 * customers themselves ({@code @Order} 10 after its 0). WeCom's tag ids become Siyu's; ids Siyu does not know (a tag
 * created in WeCom whose callback has not arrived) are skipped until the next tag list brings them.
 */
@Component
class RelationTagMirror {

	private final TenantJdbc jdbc;

	private final CustomerTags customerTags;

	RelationTagMirror(TenantJdbc jdbc, CustomerTags customerTags) {
		this.jdbc = jdbc;
		this.customerTags = customerTags;
	}

	@EventListener
	@Order(10)
	void on(ContactsFetched page) {
		if (page.follows().isEmpty()) {
			return;
		}
		Actors.runAs(Actor.system(page.corpId()), () -> {
			Set<String> wecomIds = new LinkedHashSet<>();
			page.follows().forEach(f -> wecomIds.addAll(f.tagIds()));
			Map<String, Long> ids = new HashMap<>();
			if (!wecomIds.isEmpty()) {
				jdbc.sql("select wecom_id, id from tag where corp_id = :corp and wecom_id in (:w) and deleted_at is null")
					.param("w", wecomIds)
					.list((rs, i) -> ids.put(rs.getString(1), rs.getLong(2)));
			}
			List<CustomerTags.RelationTags> relations = page.follows().stream()
				.map(f -> new CustomerTags.RelationTags(f.externalUserId(), f.userid(), siyuIds(f, ids)))
				.toList();
			customerTags.replaceFromWeCom(relations, page.readAt());
		});
	}

	private static Set<Long> siyuIds(FollowInfo follow, Map<String, Long> ids) {
		Set<Long> tags = new LinkedHashSet<>();
		follow.tagIds().forEach(w -> {
			Long id = ids.get(w);
			if (id != null) {
				tags.add(id);
			}
		});
		return tags;
	}
}
