package io.siyu.wecom;

/**
 * A full sync pass over every customer of the corp finished: relations not seen by run {@code runId} are gone from
 * WeCom, unless a callback changed them after {@code runStartedAt} (newer than what the run read). Published
 * synchronously inside the transaction that moves the sync to its next phase.
 */
public record ContactsSyncCompleted(long corpId, long runId, java.time.Instant runStartedAt) {
}
