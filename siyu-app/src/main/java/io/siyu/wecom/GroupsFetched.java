package io.siyu.wecom;

import java.util.List;

/**
 * Customer groups just read from WeCom, each complete with its members: a page of a full sync ({@code runId} set)
 * or a group re-read after a callback. Published synchronously inside the transaction that records them.
 * {@code readAt}: when WeCom was asked; membership callbacks applied later are newer.
 */
public record GroupsFetched(long corpId, Long runId, List<GroupInfo> groups, java.time.Instant readAt) {

	public GroupsFetched {
		groups = List.copyOf(groups);
	}
}
