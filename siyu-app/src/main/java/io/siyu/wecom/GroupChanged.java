package io.siyu.wecom;

import java.time.Instant;
import java.util.List;

/**
 * A customer group was created, changed or dismissed. For updates, {@code detail} is WeCom's UpdateDetail
 * (add_member, del_member, change_owner, change_name, change_notice) and {@code members} the changed member ids.
 */
public record GroupChanged(long corpId, String chatId, Kind kind, String detail, Integer joinScene, Integer quitScene,
		int memberChangeCount, List<String> members, Instant at) {

	public enum Kind {
		CREATED, UPDATED, DISMISSED
	}
}
