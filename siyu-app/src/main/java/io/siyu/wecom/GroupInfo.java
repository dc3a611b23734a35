package io.siyu.wecom;

import java.time.Instant;
import java.util.List;

/**
 * A customer group (客户群) as WeCom describes it. {@code status}: 0 normal, 1 owner resigned, 2 being inherited,
 * 3 inherited, null when not known (groupchat/get does not tell). Member {@code type} 1 = staff (memberId is a userid), 2 = customer (an external_userid).
 */
public record GroupInfo(String chatId, String name, String owner, String notice, Instant createdAt, Integer status,
		String memberVersion, List<Member> members) {

	public GroupInfo {
		members = members == null ? List.of() : List.copyOf(members);
	}

	public record Member(String memberId, int type, String unionid, String name, Instant joinedAt, Integer joinScene,
			String invitor, String state) {
	}
}
