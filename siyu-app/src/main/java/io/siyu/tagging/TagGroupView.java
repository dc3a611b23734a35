package io.siyu.tagging;

import java.util.List;

/** A tag group with its live tags, in WeCom's order (larger order first). */
public record TagGroupView(long id, String name, long order, String wecomId, String syncState, String lastError,
		List<TagView> tags) {
}
