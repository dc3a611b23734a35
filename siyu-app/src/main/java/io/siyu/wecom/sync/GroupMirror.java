package io.siyu.wecom.sync;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.stereotype.Component;

import io.siyu.shared.TenantJdbc;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalGroupChatInfo.GroupChat;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalGroupChatInfo.GroupMember;

/**
 * Writes a customer group and its members. Members are replaced only when WeCom's {@code member_version} moved,
 * so an unchanged group costs one read and one bookkeeping update.
 */
@Component
class GroupMirror {

	private static final String COLUMNS = "name, owner, notice, create_time, member_version, status, dismissed";

	private final TenantJdbc jdbc;

	GroupMirror(TenantJdbc jdbc) {
		this.jdbc = jdbc;
	}

	void save(GroupChat chat, int status, long runId, Timestamp now) {
		List<Object> values = Arrays.asList(chat.getName(), chat.getOwner(), chat.getNotice(), chat.getCreateTime(),
				chat.getMemberVersion(), status, false);
		List<Object> stored = jdbc.sql("select " + COLUMNS + " from wecom_group_chat where corp_id = :corp"
				+ " and chat_id = :chat")
			.param("chat", chat.getChatId())
			.optional((rs, i) -> Arrays.<Object>asList(rs.getString(1), rs.getString(2), rs.getString(3),
					(Long) rs.getObject(4), rs.getString(5), rs.getInt(6), rs.getBoolean(7)))
			.orElse(null);
		TenantJdbc.Statement write = stored == null
				? jdbc.sql("insert into wecom_group_chat (corp_id, chat_id, " + COLUMNS + ", synced_run, updated_at)"
						+ " values (:corp, :chat, :name, :owner, :notice, :createTime, :version, :status, false, :run, :now)")
				: jdbc.sql("update wecom_group_chat set name = :name, owner = :owner, notice = :notice,"
						+ " create_time = :createTime, member_version = :version, status = :status, dismissed = false,"
						+ " synced_run = :run, updated_at = case when :changed then :now else updated_at end"
						+ " where corp_id = :corp and chat_id = :chat");
		write.param("chat", chat.getChatId())
			.param("name", chat.getName())
			.param("owner", chat.getOwner())
			.param("notice", chat.getNotice())
			.param("createTime", chat.getCreateTime())
			.param("version", chat.getMemberVersion())
			.param("status", status)
			.param("run", runId)
			.param("now", now)
			.param("changed", !values.equals(stored))
			.update();
		if (stored == null || !Objects.equals(stored.get(4), chat.getMemberVersion())) {
			replaceMembers(chat);
		}
	}

	private void replaceMembers(GroupChat chat) {
		jdbc.sql("delete from wecom_group_member where corp_id = :corp and chat_id = :chat")
			.param("chat", chat.getChatId())
			.update();
		List<Map<String, Object>> rows = new ArrayList<>();
		for (GroupMember member : chat.getMemberList() == null ? List.<GroupMember>of() : chat.getMemberList()) {
			Map<String, Object> row = new HashMap<>();
			row.put("chat", chat.getChatId());
			row.put("member", member.getUserId());
			row.put("type", member.getType());
			row.put("unionid", member.getUnionId());
			row.put("joinTime", member.getJoinTime());
			row.put("joinScene", member.getJoinScene());
			row.put("invitor", member.getInvitor() == null ? null : member.getInvitor().getUserId());
			row.put("name", member.getName());
			rows.add(row);
		}
		jdbc.sql("insert into wecom_group_member (corp_id, chat_id, member_id, type, unionid, join_time, join_scene,"
				+ " invitor, name) values (:corp, :chat, :member, :type, :unionid, :joinTime, :joinScene, :invitor, :name)")
			.batch(rows);
	}

	List<String> knownOwners() {
		return jdbc.sql("select distinct owner from wecom_group_chat where corp_id = :corp and owner is not null"
				+ " and dismissed = false").list((rs, i) -> rs.getString(1));
	}

	/** After a complete pass: groups WeCom no longer lists were dismissed (or left the app's visible range). */
	int dismissUnseen(long runId, Timestamp now) {
		return jdbc.sql("update wecom_group_chat set dismissed = true, updated_at = :now where corp_id = :corp"
				+ " and dismissed = false and (synced_run is null or synced_run <> :run)")
			.param("run", runId)
			.param("now", now)
			.update();
	}
}
