package io.siyu.acquisition;

/** List filter: kind (required), name contains {@code q}, unit subtree, status, batch. */
public record CodeFilter(CodeKind kind, String q, Long unitId, CodeStatus status, Long batchId) {
}
