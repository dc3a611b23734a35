package io.siyu.tagging;

import java.util.List;

/** Tags were deleted (in Siyu or in WeCom): they have left every customer. */
public record TagsDeleted(long corpId, List<Long> tagIds) {

	public TagsDeleted {
		tagIds = List.copyOf(tagIds);
	}
}
