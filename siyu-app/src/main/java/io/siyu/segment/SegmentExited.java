package io.siyu.segment;

import java.util.List;

/** Customers left a dynamic segment (they no longer match, or were merged away). */
public record SegmentExited(long corpId, long segmentId, List<Long> customerIds) {

	public SegmentExited {
		customerIds = List.copyOf(customerIds);
	}
}
