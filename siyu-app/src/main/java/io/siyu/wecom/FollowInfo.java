package io.siyu.wecom;

import java.time.Instant;
import java.util.List;

/**
 * A follow relation (the customer is a friend of the member {@code userid}) as WeCom describes it, with the WeCom ids
 * of the corp tags this member put on the customer. {@code remarkMobiles}: phone numbers the member noted.
 */
public record FollowInfo(String externalUserId, String userid, String remark, String description, Instant addedAt,
		Integer addWay, String state, List<String> tagIds, List<String> remarkMobiles) {

	public FollowInfo {
		tagIds = tagIds == null ? List.of() : List.copyOf(tagIds);
		remarkMobiles = remarkMobiles == null ? List.of() : List.copyOf(remarkMobiles);
	}
}
