package io.siyu.audit;

import java.time.Instant;

/** Filters of the audit log; every field optional. {@code action} matches a prefix, e.g. "staff." */
public record AuditFilter(String actor, String action, String targetType, Instant from, Instant to) {
}
