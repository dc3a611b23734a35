package io.siyu.wecom.sync;

import java.time.Instant;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.siyu.shared.Actors;
import io.siyu.wecom.GroupInfo;
import io.siyu.wecom.GroupsFetched;
import io.siyu.wecom.GroupsSyncCompleted;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalGroupChatInfo.GroupChat;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalGroupChatInfo.GroupMember;

/** Customer groups read from WeCom, handed to the community module in Siyu's terms ({@link GroupsFetched}). */
@Component
public class GroupPages {

	private final ApplicationEventPublisher events;

	GroupPages(ApplicationEventPublisher events) {
		this.events = events;
	}

	public void publish(List<GroupInfo> groups, Long runId, Instant readAt) {
		if (!groups.isEmpty()) {
			events.publishEvent(new GroupsFetched(Actors.require().requireCorp(), runId, groups, readAt));
		}
	}

	void completed(long runId, Instant runStartedAt) {
		events.publishEvent(new GroupsSyncCompleted(Actors.require().requireCorp(), runId, runStartedAt));
	}

	public static GroupInfo info(GroupChat chat, Integer status) {
		List<GroupInfo.Member> members = chat.getMemberList() == null ? List.of()
				: chat.getMemberList().stream().map(GroupPages::member).toList();
		return new GroupInfo(chat.getChatId(), chat.getName(), chat.getOwner(), chat.getNotice(),
				chat.getCreateTime() == null ? null : Instant.ofEpochSecond(chat.getCreateTime()), status,
				chat.getMemberVersion(), members);
	}

	private static GroupInfo.Member member(GroupMember m) {
		return new GroupInfo.Member(m.getUserId(), m.getType(), m.getUnionId(), m.getName(),
				m.getJoinTime() == null ? null : Instant.ofEpochSecond(m.getJoinTime()), m.getJoinScene(),
				m.getInvitor() == null ? null : m.getInvitor().getUserId(), m.getState());
	}
}
