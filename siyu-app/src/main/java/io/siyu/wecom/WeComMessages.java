package io.siyu.wecom;

import java.util.Collection;
import java.util.List;

import org.springframework.stereotype.Service;

import io.siyu.wecom.gateway.WeComGateway;
import me.chanjar.weixin.cp.bean.message.WxCpMessage;
import me.chanjar.weixin.cp.bean.message.WxCpMessageSendResult;

/**
 * Application messages to members of staff (应用消息, {@code message/send}) from the corp's Siyu app. Through the
 * gateway (quota, retries on -1/45009/45033, breaker); call outside database transactions. WeCom's send is not
 * idempotent, so callers keep a ledger and call once per message.
 */
@Service
public class WeComMessages {

	/** No valid recipient (all userids unknown, resigned or outside the app's visible range). */
	public static final int NO_RECIPIENT = 81013;

	private final WeComGateway gateway;

	WeComMessages(WeComGateway gateway) {
		this.gateway = gateway;
	}

	/** Sends a text message to these members; returns WeCom's msgid and the userids it refused. */
	public Sent sendText(long corpId, Collection<String> userids, String content) {
		WxCpMessage message = WxCpMessage.TEXT().toUser(String.join("|", userids)).content(content).build();
		WxCpMessageSendResult result = gateway.call(corpId, "message/send",
				s -> s.getMessageService().send(message));
		String invalid = result.getInvalidUser();
		return new Sent(result.getMsgId(),
				invalid == null || invalid.isBlank() ? List.of() : List.of(invalid.split("\\|")));
	}

	public record Sent(String msgid, List<String> invalidUsers) {
	}
}
