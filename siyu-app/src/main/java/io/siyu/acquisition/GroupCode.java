package io.siyu.acquisition;

import java.time.Instant;
import java.util.List;

/**
 * A group live code (群活码) on a WeCom join way: up to 5 groups behind one QR code; WeCom opens a new group named
 * {@code baseName + number} when all are full. {@code chats}: the groups behind it now, with their member counts.
 */
public record GroupCode(long id, String name, long unitId, String state, CodeStatus status, String ownerUserid,
		String baseName, int nextNumber, boolean autoCreate, String welcomeText, String qrUrl, String syncError,
		List<Chat> chats, Instant createdAt) {

	public record Chat(String chatId, String name, int members, boolean dismissed) {
	}
}
