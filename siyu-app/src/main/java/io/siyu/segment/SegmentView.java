package io.siyu.segment;

import java.time.Instant;

/**
 * A saved segment. {@code count}: its members within the viewer's data scope now (dynamic) or in the snapshot
 * (static). {@code expression} is the JSON form, {@code text} the text form.
 */
public record SegmentView(long id, String name, String kind, String text, Object expression, long count,
		Instant snapshotAt, String createdBy, Instant createdAt, Instant updatedAt) {
}
