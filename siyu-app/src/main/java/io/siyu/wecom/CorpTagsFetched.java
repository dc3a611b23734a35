package io.siyu.wecom;

import java.time.Instant;
import java.util.List;

/**
 * The complete list of the corp's customer tags just read from WeCom (by a sync run, or after a tag callback:
 * {@code runId} null). Groups and tags missing from it no longer exist in WeCom. Published synchronously.
 * {@code fetchedAt} is when the list was read: changes made in Siyu after it are newer than this list.
 */
public record CorpTagsFetched(long corpId, Long runId, List<Group> groups, Instant fetchedAt) {

	public CorpTagsFetched {
		groups = List.copyOf(groups);
	}

	public record Group(String id, String name, long order, List<Tag> tags) {

		public Group {
			tags = List.copyOf(tags);
		}
	}

	public record Tag(String id, String name, long order) {
	}
}
