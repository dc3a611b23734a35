package io.siyu.wecom;

/**
 * A full pass over the corp's groups finished: groups not seen by run {@code runId} (and not changed by a callback
 * after {@code runStartedAt}) were dismissed. Published synchronously.
 */
public record GroupsSyncCompleted(long corpId, long runId, java.time.Instant runStartedAt) {
}
