package io.siyu.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The 360° view of one customer: every id, the profile, all relations with their tags, custom field values (by field
 * code), lifecycle stage with its history. {@code phone} is the whole number only for roles that may read phones,
 * else masked. {@code mergedInto}: this record was merged into another customer.
 */
public record CustomerDetail(long id, String externalUserId, String unionid, String openid, String phone,
		boolean phoneRevealed, String name, String avatar, Integer type, Integer gender, String corpName, Stage stage,
		Instant stageSince, Instant firstAddedAt, String firstState, String source, Instant createdAt,
		Long mergedInto, List<FollowView> follows, List<Long> tagIds, Map<String, Object> fields,
		List<StageChange> stageHistory) {

	public record StageChange(Stage from, Stage to, String reason, String actor, Instant at) {
	}
}
