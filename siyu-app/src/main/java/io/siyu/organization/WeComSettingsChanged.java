package io.siyu.organization;

/** A corp's WeCom settings changed: clients built from the old ones must be dropped. */
public record WeComSettingsChanged(long corpId) {
}
