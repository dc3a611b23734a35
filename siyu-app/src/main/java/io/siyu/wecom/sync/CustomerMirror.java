package io.siyu.wecom.sync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.siyu.shared.TenantJdbc;
import me.chanjar.weixin.cp.bean.external.contact.ExternalContact;
import me.chanjar.weixin.cp.bean.external.contact.FollowedUser;
import me.chanjar.weixin.cp.bean.external.contact.WxCpExternalContactBatchInfo.ExternalContactInfo;

/**
 * Writes one page of {@code batch/get_by_user} into {@code wecom_customer} and {@code wecom_follow}: reads what is
 * stored for the page, then updates and inserts in two JDBC batches. {@code updated_at} only moves when a value
 * really changed; {@code synced_run} records that the run saw the relation.
 */
@Component
class CustomerMirror {

	private static final String CUSTOMER_COLUMNS = "name, type, gender, unionid, avatar, corp_name";

	private static final String FOLLOW_COLUMNS = "remark, description, add_time, add_way, state, tag_ids, active";

	private final TenantJdbc jdbc;

	// Page lookups filter "corp_id + 0 = :corp", not "corp_id = :corp": otherwise H2 plans a scan of the whole corp's
	// rows through the primary key instead of the external_userid index (measured: 250 ms vs 1.6 ms at 200k rows).

	CustomerMirror(TenantJdbc jdbc) {
		this.jdbc = jdbc;
	}

	void save(List<ExternalContactInfo> page, long runId, Timestamp now) {
		if (page.isEmpty()) {
			return;
		}
		Map<String, ExternalContact> customers = new LinkedHashMap<>();
		page.forEach(info -> customers.putIfAbsent(info.getExternalContact().getExternalUserId(), info.getExternalContact()));
		saveCustomers(customers, now);
		saveFollows(page, customers.keySet().stream().toList(), runId, now);
	}

	private void saveCustomers(Map<String, ExternalContact> customers, Timestamp now) {
		Map<String, List<Object>> stored = new HashMap<>();
		jdbc.sql("select external_userid, " + CUSTOMER_COLUMNS + " from wecom_customer where external_userid in (:ids)"
				+ " and corp_id + 0 = :corp")
			.param("ids", customers.keySet())
			.list((rs, i) -> stored.put(rs.getString(1), values(rs, 2, 6)));
		List<Map<String, Object>> updates = new ArrayList<>();
		List<Map<String, Object>> inserts = new ArrayList<>();
		customers.forEach((id, c) -> {
			List<Object> values = Arrays.asList(c.getName(), c.getType(), c.getGender(), c.getUnionId(), c.getAvatar(),
					c.getCorpName());
			if (!stored.containsKey(id)) {
				inserts.add(customerRow(id, values, now));
			}
			else if (!values.equals(stored.get(id))) {
				updates.add(customerRow(id, values, now));
			}
		});
		jdbc.sql("update wecom_customer set name = :name, type = :type, gender = :gender, unionid = :unionid,"
				+ " avatar = :avatar, corp_name = :corpName, updated_at = :now"
				+ " where corp_id = :corp and external_userid = :ext").batch(updates);
		jdbc.sql("insert into wecom_customer (corp_id, external_userid, " + CUSTOMER_COLUMNS + ", updated_at)"
				+ " values (:corp, :ext, :name, :type, :gender, :unionid, :avatar, :corpName, :now)").batch(inserts);
	}

	private void saveFollows(List<ExternalContactInfo> page, List<String> externalIds, long runId, Timestamp now) {
		Map<String, List<Object>> stored = new HashMap<>();
		// by the primary key's prefix (corp, customer): a member filter would scan all relations of the batch
		jdbc.sql("select external_userid, userid, " + FOLLOW_COLUMNS + " from wecom_follow where external_userid in (:ids)"
				+ " and corp_id + 0 = :corp")
			.param("ids", externalIds)
			.list((rs, i) -> stored.put(rs.getString(1) + " " + rs.getString(2), values(rs, 3, 7)));
		List<Map<String, Object>> updates = new ArrayList<>();
		List<Map<String, Object>> inserts = new ArrayList<>();
		for (ExternalContactInfo info : page) {
			FollowedUser f = info.getFollowInfo();
			String ext = info.getExternalContact().getExternalUserId();
			List<Object> values = Arrays.asList(f.getRemark(), f.getDescription(), f.getCreateTime(),
					f.getAddWay() == null ? null : Integer.valueOf(f.getAddWay()), f.getState(), tagIds(f), true);
			List<Object> before = stored.get(ext + " " + f.getUserId());
			Map<String, Object> row = new HashMap<>();
			row.put("ext", ext);
			row.put("userid", f.getUserId());
			row.put("remark", values.get(0));
			row.put("description", values.get(1));
			row.put("addTime", values.get(2));
			row.put("addWay", values.get(3));
			row.put("state", values.get(4));
			row.put("tagIds", values.get(5));
			row.put("run", runId);
			row.put("now", now);
			row.put("changed", !values.equals(before));
			(before == null ? inserts : updates).add(row);
		}
		jdbc.sql("update wecom_follow set remark = :remark, description = :description, add_time = :addTime,"
				+ " add_way = :addWay, state = :state, tag_ids = :tagIds, active = true, synced_run = :run,"
				+ " updated_at = case when :changed then :now else updated_at end"
				+ " where corp_id = :corp and external_userid = :ext and userid = :userid").batch(updates);
		jdbc.sql("insert into wecom_follow (corp_id, external_userid, userid, " + FOLLOW_COLUMNS + ", synced_run,"
				+ " updated_at) values (:corp, :ext, :userid, :remark, :description, :addTime, :addWay, :state, :tagIds,"
				+ " true, :run, :now)").batch(inserts);
	}

	/** After a complete pass: relations the run did not see were ended in WeCom. */
	int deactivateUnseen(long runId, Timestamp now) {
		return jdbc.sql("update wecom_follow set active = false, updated_at = :now where corp_id = :corp"
				+ " and active = true and (synced_run is null or synced_run <> :run)")
			.param("run", runId)
			.param("now", now)
			.update();
	}

	private static Map<String, Object> customerRow(String id, List<Object> values, Timestamp now) {
		Map<String, Object> row = new HashMap<>();
		row.put("ext", id);
		row.put("name", values.get(0));
		row.put("type", values.get(1));
		row.put("gender", values.get(2));
		row.put("unionid", values.get(3));
		row.put("avatar", values.get(4));
		row.put("corpName", values.get(5));
		row.put("now", now);
		return row;
	}

	private static String tagIds(FollowedUser f) {
		return f.getTagIds() == null || f.getTagIds().length == 0 ? null
				: Arrays.stream(f.getTagIds()).sorted().collect(Collectors.joining(","));
	}

	private static List<Object> values(ResultSet rs, int firstColumn, int count) throws SQLException {
		Object[] values = new Object[count];
		for (int i = 0; i < count; i++) {
			values[i] = rs.getObject(firstColumn + i);
		}
		return Arrays.asList(values);
	}
}
