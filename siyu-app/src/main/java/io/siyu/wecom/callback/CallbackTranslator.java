package io.siyu.wecom.callback;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.siyu.wecom.CorpTagsChanged;
import io.siyu.wecom.CustomerAdded;
import io.siyu.wecom.CustomerDeletedByStaff;
import io.siyu.wecom.CustomerEdited;
import io.siyu.wecom.CustomerLost;
import io.siyu.wecom.CustomerTransferFailed;
import io.siyu.wecom.GroupChanged;

/**
 * Maps WeCom's callback vocabulary to Siyu's events. They are published inside the transaction that marks the callback
 * processed: the modules that store customers, groups and tags apply them in it (synchronous listeners), and
 * {@code @ApplicationModuleListener}s run after commit.
 */
@Component
class CallbackTranslator {

	private static final Logger log = LoggerFactory.getLogger(CallbackTranslator.class);

	private final ApplicationEventPublisher events;

	CallbackTranslator(ApplicationEventPublisher events) {
		this.events = events;
	}

	void apply(long corpId, Map<String, String> f) {
		Instant at = Instant.ofEpochSecond(CallbackInbox.createTime(f));
		String event = f.getOrDefault("Event", "");
		String change = f.getOrDefault("ChangeType", "");
		switch (event) {
			case "change_external_contact" -> contact(corpId, change, f, at);
			case "change_external_chat" -> chat(corpId, change, f, at);
			case "change_external_tag" -> events.publishEvent(new CorpTagsChanged(corpId, f.get("Id"), f.get("TagType"),
					change, at));
			default -> log.debug("Ignoring WeCom event {}/{}", event, change);
		}
	}

	private void contact(long corpId, String change, Map<String, String> f, Instant at) {
		String userid = required(f, "UserID");
		String external = required(f, "ExternalUserID");
		switch (change) {
			case "add_external_contact", "add_half_external_contact" -> events.publishEvent(new CustomerAdded(corpId,
					userid, external, f.get("State"), f.get("WelcomeCode"), change.equals("add_half_external_contact"), at));
			case "edit_external_contact" -> events.publishEvent(new CustomerEdited(corpId, userid, external, at));
			case "del_external_contact" -> events.publishEvent(new CustomerDeletedByStaff(corpId, userid, external,
					"DELETE_BY_TRANSFER".equals(f.get("Source")), at));
			case "del_follow_user" -> events.publishEvent(new CustomerLost(corpId, userid, external, at));
			case "transfer_fail" -> events.publishEvent(new CustomerTransferFailed(corpId, userid, external,
					f.get("FailReason"), at));
			default -> log.debug("Ignoring change_external_contact/{}", change);
		}
	}

	private void chat(long corpId, String change, Map<String, String> f, Instant at) {
		String chatId = required(f, "ChatId");
		List<String> members = f.getOrDefault("MemChangeList", "").isEmpty() ? List.of()
				: Arrays.asList(f.get("MemChangeList").split(","));
		GroupChanged.Kind kind = switch (change) {
			case "create" -> GroupChanged.Kind.CREATED;
			case "dismiss" -> GroupChanged.Kind.DISMISSED;
			default -> GroupChanged.Kind.UPDATED;
		};
		String detail = f.get("UpdateDetail");
		events.publishEvent(new GroupChanged(corpId, chatId, kind, detail, integer(f.get("JoinScene")),
				integer(f.get("QuitScene")), integer(f.get("MemChangeCnt")) == null ? members.size()
						: integer(f.get("MemChangeCnt")), members, at));
	}

	private static String required(Map<String, String> f, String name) {
		String value = f.get(name);
		if (value == null || value.isEmpty()) {
			throw new BadCallbackException("missing " + name);
		}
		return value;
	}

	private static Integer integer(String value) {
		try {
			return value == null || value.isEmpty() ? null : Integer.valueOf(value);
		}
		catch (NumberFormatException e) {
			return null;
		}
	}
}
