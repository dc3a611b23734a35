package io.siyu.community;

import io.siyu.shared.TenantJdbc;

/** Keeps a group's member counts (all members, customers) current; optionally records WeCom's member_version. */
final class GroupCounts {

	private GroupCounts() {
	}

	static void refresh(TenantJdbc jdbc, long groupId, String memberVersion) {
		jdbc.sql("update customer_group set members = (select count(*) from group_member m where m.group_id = :g"
				+ " and m.corp_id = :corp), customers = (select count(*) from group_member m where m.group_id = :g"
				+ " and m.corp_id = :corp and m.type = 2), member_version = coalesce(:version, member_version)"
				+ " where id = :g and corp_id = :corp and {unscoped}")
			.param("g", groupId)
			.param("version", memberVersion)
			.update();
	}
}
