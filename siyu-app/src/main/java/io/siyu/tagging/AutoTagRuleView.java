package io.siyu.tagging;

import java.time.Instant;
import java.util.List;

/** An auto-tag rule with how many customers it has tagged. */
public record AutoTagRuleView(long id, String name, String kind, String param, List<Long> tagIds, List<String> tagNames,
		boolean enabled, long hits, Instant createdAt) {
}
