package io.siyu.organization;

/** A corp's WeCom settings or its active state changed: clients and settings read before must be dropped. */
public record WeComSettingsChanged(long corpId) {
}
