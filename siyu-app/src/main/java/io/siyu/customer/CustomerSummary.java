package io.siyu.customer;

import java.time.Instant;
import java.util.List;

/** A row of the customer list. The phone is always masked here. */
public record CustomerSummary(long id, String externalUserId, String name, String avatar, Integer type, Integer gender,
		String corpName, Stage stage, Instant firstAddedAt, String firstState, int activeFollows, String phoneMasked,
		List<FollowView> follows, List<Long> tagIds) {
}
