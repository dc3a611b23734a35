package io.siyu.customer;

import java.util.List;
import java.util.Set;

/** Events were appended to these customers' timelines (internal: lifecycle rules react to interactions). */
record TimelineAppended(long corpId, List<Long> customerIds, Set<String> kinds) {
}
