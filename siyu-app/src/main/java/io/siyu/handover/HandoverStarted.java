package io.siyu.handover;

/** A transfer was stored; its customers and groups go to WeCom after commit. */
public record HandoverStarted(long corpId, long handoverId) {
}
