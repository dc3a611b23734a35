package io.siyu.wecom;

import java.time.Instant;

/** Corp tags were created, updated, deleted or re-ordered in WeCom; {@code tagType} is tag or tag_group. */
public record CorpTagsChanged(long corpId, String id, String tagType, String changeType, Instant at) {
}
