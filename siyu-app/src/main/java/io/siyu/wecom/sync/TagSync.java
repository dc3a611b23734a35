package io.siyu.wecom.sync;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalTagGroupList;

/** Mirrors the corp's customer tags (one call returns them all); tags WeCom no longer returns are marked deleted. */
@Component
class TagSync {

	private final RunCalls wecom;

	private final TenantJdbc jdbc;

	private final Clock clock;

	TagSync(RunCalls wecom, TenantJdbc jdbc, Clock clock) {
		this.wecom = wecom;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	void sync(SyncRun run) {
		WxCpUserExternalTagGroupList list = wecom.call(run, "externalcontact/get_corp_tag_list",
				s -> s.getExternalContactService().getCorpTagList(null, null));
		Timestamp now = Timestamps.of(clock.instant());
		Map<String, List<Object>> existing = new HashMap<>();
		jdbc.sql("select tag_id, group_id, group_name, name, sort_order, deleted from wecom_corp_tag where corp_id = :corp")
			.list((rs, i) -> existing.put(rs.getString(1), List.of(rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getLong(5), rs.getBoolean(6))));
		List<Map<String, Object>> updates = new ArrayList<>();
		List<Map<String, Object>> inserts = new ArrayList<>();
		for (WxCpUserExternalTagGroupList.TagGroup group : list.getTagGroupList() == null
				? List.<WxCpUserExternalTagGroupList.TagGroup>of() : list.getTagGroupList()) {
			for (WxCpUserExternalTagGroupList.TagGroup.Tag tag : group.getTag()) {
				List<Object> values = List.of(group.getGroupId(), group.getGroupName(), tag.getName(),
						tag.getOrder() == null ? 0L : tag.getOrder(), Boolean.TRUE.equals(tag.getDeleted()));
				Map<String, Object> row = new HashMap<>();
				row.put("tag", tag.getId());
				row.put("groupId", values.get(0));
				row.put("groupName", values.get(1));
				row.put("name", values.get(2));
				row.put("sort", values.get(3));
				row.put("deleted", values.get(4));
				row.put("run", run.id);
				row.put("now", now);
				row.put("changed", !values.equals(existing.get(tag.getId())));
				(existing.containsKey(tag.getId()) ? updates : inserts).add(row);
			}
		}
		jdbc.sql("update wecom_corp_tag set group_id = :groupId, group_name = :groupName, name = :name,"
				+ " sort_order = :sort, deleted = :deleted, synced_run = :run,"
				+ " updated_at = case when :changed then :now else updated_at end"
				+ " where corp_id = :corp and tag_id = :tag").batch(updates);
		jdbc.sql("insert into wecom_corp_tag (corp_id, tag_id, group_id, group_name, name, sort_order, deleted,"
				+ " synced_run, updated_at) values (:corp, :tag, :groupId, :groupName, :name, :sort, :deleted, :run, :now)")
			.batch(inserts);
		jdbc.sql("update wecom_corp_tag set deleted = true, updated_at = :now where corp_id = :corp and deleted = false"
				+ " and (synced_run is null or synced_run <> :run)")
			.param("now", now)
			.param("run", run.id)
			.update();
		run.items += updates.size() + inserts.size();
	}
}
