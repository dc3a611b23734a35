package io.siyu.customer;

import java.util.List;
import java.util.Set;

/**
 * Events were appended to these customers' timelines, in one batch (internal: lifecycle rules react to interactions).
 * {@link TimelineAppended} is the public, per-event form for other modules.
 */
record TimelineBatchAppended(long corpId, List<Long> customerIds, Set<String> kinds) {
}
