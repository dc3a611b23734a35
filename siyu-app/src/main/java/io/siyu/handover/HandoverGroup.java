package io.siyu.handover;

/** One group of a transfer. */
public record HandoverGroup(String chatId, String name, ItemStatus status, Integer errcode) {
}
