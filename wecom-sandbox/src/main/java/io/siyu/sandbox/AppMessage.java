package io.siyu.sandbox;

import java.time.Instant;
import java.util.List;

/** An application message accepted by /cgi-bin/message/send, as members would receive it. */
public record AppMessage(String msgid, List<String> toUsers, String msgtype, String content, Instant sentAt) {
}
