package io.siyu.acquisition;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A live code as shown in the console and the API. {@code assigned}: the members WeCom currently has behind it. */
public record LiveCode(long id, CodeKind kind, String name, long unitId, String unitName, String state,
		CodeStatus status, Rotation rotation, Integer dailyCap, String autoAccept, String acceptFrom, String acceptTo,
		List<CodeDraft.CodeMember> members, List<CodeDraft.ShiftSpec> shifts, List<LocalDate> holidays,
		List<Long> tagIds, Welcome welcome, Long costCents, Long batchId, String batchLabel, String qrUrl,
		String linkUrl, List<String> assigned, String syncError, Instant createdAt, Instant retiredAt) {
}
