package io.siyu.wecom;

import java.time.Instant;
import java.util.List;

/**
 * Customers and follow relations just read from WeCom: a page of a full sync ({@code runId} set) or one customer
 * re-read after a callback ({@code runId} null; {@code follows} are then all of that customer's relations).
 * Published synchronously inside the transaction that records the page, so listeners store it atomically with the
 * sync's checkpoint; a listener that fails rolls the page back and the sync resumes at it. {@code readAt}: when
 * WeCom was asked; a callback applied later is newer than this page.
 */
public record ContactsFetched(long corpId, Long runId, List<ContactProfile> contacts, List<FollowInfo> follows,
		Instant readAt) {

	public ContactsFetched {
		contacts = List.copyOf(contacts);
		follows = List.copyOf(follows);
	}
}
