package io.siyu.wecom.callback;

import java.time.Clock;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.GroupChanged;

/**
 * Applies callbacks to the mirror tables. WeCom may deliver events late or out of order: an event older than the
 * last one applied to the same relation or group does not overwrite it.
 */
@Component
class MirrorWriter {

	private final TenantJdbc jdbc;

	private final Clock clock;

	MirrorWriter(TenantJdbc jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	void follow(long corpId, String external, String userid, boolean active, String state, long eventTime) {
		int updated = jdbc.sql("update wecom_follow set active = :active, state = coalesce(:state, state),"
				+ " add_time = case when :active then coalesce(add_time, :t) else add_time end,"
				+ " last_event_time = :t, updated_at = :now where corp_id = :corp and external_userid = :ext"
				+ " and userid = :userid and (last_event_time is null or last_event_time <= :t)")
			.param("active", active)
			.param("state", state)
			.param("t", eventTime)
			.param("now", Timestamps.of(clock.instant()))
			.param("ext", external)
			.param("userid", userid)
			.update();
		if (updated > 0 || exists("select count(*) from wecom_follow where corp_id = :corp and external_userid = :ext"
				+ " and userid = :userid", external, userid)) {
			return;
		}
		try {
			jdbc.sql("insert into wecom_follow (corp_id, external_userid, userid, state, add_time, active, last_event_time,"
					+ " updated_at) values (:corp, :ext, :userid, :state, :t, :active, :t, :now)")
				.param("ext", external)
				.param("userid", userid)
				.param("state", state)
				.param("t", eventTime)
				.param("active", active)
				.param("now", Timestamps.of(clock.instant()))
				.update();
		}
		catch (DuplicateKeyException raced) {
			follow(corpId, external, userid, active, state, eventTime);
		}
	}

	void groupEvent(long corpId, String chatId, GroupChanged.Kind kind, String detail, List<String> members,
			long eventTime) {
		if (jdbc.sql("select count(*) from wecom_group_chat where corp_id = :corp and chat_id = :chat")
			.param("chat", chatId)
			.count() == 0) {
			try {
				jdbc.sql("insert into wecom_group_chat (corp_id, chat_id, status, dismissed, last_event_time, updated_at)"
						+ " values (:corp, :chat, 0, false, :t, :now)")
					.param("chat", chatId)
					.param("t", eventTime)
					.param("now", Timestamps.of(clock.instant()))
					.update();
			}
			catch (DuplicateKeyException raced) {
				// created by a concurrent event of the same group
			}
		}
		if (kind == GroupChanged.Kind.DISMISSED) {
			jdbc.sql("update wecom_group_chat set dismissed = true, last_event_time = :t, updated_at = :now"
					+ " where corp_id = :corp and chat_id = :chat")
				.param("t", eventTime)
				.param("now", Timestamps.of(clock.instant()))
				.param("chat", chatId)
				.update();
		}
		else if ("del_member".equals(detail)) {
			for (String member : members) {
				jdbc.sql("delete from wecom_group_member where corp_id = :corp and chat_id = :chat and member_id = :m")
					.param("chat", chatId)
					.param("m", member)
					.update();
			}
		}
		else if ("add_member".equals(detail)) {
			for (String member : members) {
				try {
					jdbc.sql("insert into wecom_group_member (corp_id, chat_id, member_id, type, join_time)"
							+ " values (:corp, :chat, :m, :type, :t)")
						.param("chat", chatId)
						.param("m", member)
						.param("type", external(member) ? 2 : 1)
						.param("t", eventTime)
						.update();
				}
				catch (DuplicateKeyException already) {
					// a retried or reordered add of a member already present
				}
			}
		}
	}

	/** WeCom's external user ids start with "wm" or "wo"; staff userids are the corp's own. */
	private static boolean external(String memberId) {
		return memberId.startsWith("wm") || memberId.startsWith("wo");
	}

	private boolean exists(String sql, String ext, String userid) {
		return jdbc.sql(sql).param("ext", ext).param("userid", userid).count() > 0;
	}
}
