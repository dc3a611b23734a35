package io.siyu.segment;

import java.util.List;

/** Customers entered a dynamic segment (their data changed so that they now match). */
public record SegmentEntered(long corpId, long segmentId, List<Long> customerIds) {

	public SegmentEntered {
		customerIds = List.copyOf(customerIds);
	}
}
