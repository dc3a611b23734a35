package io.siyu.customer;

import java.time.Instant;
import java.util.List;

/**
 * A follow relation as people see it: the member (userid, name when Siyu knows them), remark, description, when
 * and how they were added, the channel state, whether it is active (else why it ended) and the relation's tags.
 */
public record FollowView(String userid, Long staffId, String staffName, String remark, String description,
		Instant addedAt, Integer addWay, String state, boolean active, EndReason endReason, Instant endedAt,
		List<Long> tagIds) {
}
