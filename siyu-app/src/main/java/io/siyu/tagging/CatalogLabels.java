package io.siyu.tagging;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.siyu.customer.TagLabels;
import io.siyu.shared.TenantJdbc;

/** Tag names for the customer module's pages. */
@Component
class CatalogLabels implements TagLabels {

	private final TenantJdbc jdbc;

	CatalogLabels(TenantJdbc jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Map<Long, Label> labels(Collection<Long> tagIds) {
		Map<Long, Label> labels = new HashMap<>();
		if (tagIds.isEmpty()) {
			return labels;
		}
		jdbc.sql("select t.id, t.name, g.id, g.name, t.deleted_at from tag t join tag_group g on g.id = t.group_id"
				+ " where t.corp_id = :corp and t.id in (:ids)")
			.param("ids", tagIds)
			.list((rs, i) -> labels.put(rs.getLong(1), new Label(rs.getLong(1), rs.getString(2), rs.getLong(3),
					rs.getString(4), rs.getTimestamp(5) != null)));
		return labels;
	}

	@Override
	public List<Label> all() {
		return jdbc.sql("select t.id, t.name, g.id, g.name from tag t join tag_group g on g.id = t.group_id"
				+ " where t.corp_id = :corp and t.deleted_at is null order by g.sort_order desc, g.id, t.sort_order desc, t.id")
			.list((rs, i) -> new Label(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), false));
	}
}
