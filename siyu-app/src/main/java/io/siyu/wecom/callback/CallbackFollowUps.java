package io.siyu.wecom.callback;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.UrgentWork;
import io.siyu.wecom.ContactsFetched;
import io.siyu.wecom.CorpTagsChanged;
import io.siyu.wecom.CustomerAdded;
import io.siyu.wecom.CustomerEdited;
import io.siyu.wecom.GroupChanged;
import io.siyu.wecom.WeComException;
import io.siyu.wecom.gateway.WeComGateway;
import io.siyu.wecom.sync.ContactProfiles;
import io.siyu.wecom.sync.CorpTagLists;
import io.siyu.wecom.sync.FreshContacts;
import io.siyu.wecom.sync.GroupPages;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalGroupChatInfo;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalTagGroupList;
import me.chanjar.weixin.cp.bean.external.contact.WxCpExternalContactInfo;

/**
 * A callback carries only ids. After it is stored, the details are read from WeCom (after commit, through the
 * gateway; a failed read is retried by the event publication registry) and published like a sync page: the
 * customer's profile and relations after an add or edit, the group after a change, the tag list after a tag event.
 */
@Component
class CallbackFollowUps {

	private static final int UNKNOWN_CHAT = 40050;

	private static final int NO_RELATION = 84061;

	private final WeComGateway gateway;

	private final org.springframework.context.ApplicationEventPublisher events;

	private final CorpTagLists tagLists;

	private final GroupPages groupPages;

	private final Clock clock;

	private final UrgentWork urgent;

	private final FreshContacts fresh;

	CallbackFollowUps(WeComGateway gateway, org.springframework.context.ApplicationEventPublisher events,
			CorpTagLists tagLists, GroupPages groupPages, Clock clock, UrgentWork urgent, FreshContacts fresh) {
		this.urgent = urgent;
		this.fresh = fresh;
		this.gateway = gateway;
		this.events = events;
		this.tagLists = tagLists;
		this.groupPages = groupPages;
		this.clock = clock;
	}

	@ApplicationModuleListener
	void on(CustomerAdded added) {
		urgent.yieldTo(CallbackProcessor.YIELD); // welcomes first (they have 20 s)
		// the welcome may have read the contact (the customer's name) after this add already: not read twice
		Optional<FreshContacts.Read> read = fresh.take(added.corpId(), added.externalUserId(), added.at());
		if (read.isPresent()) {
			publish(added.corpId(), read.get().info(), read.get().readAt());
			return;
		}
		refreshContact(added.corpId(), added.externalUserId());
	}

	@ApplicationModuleListener
	void on(CustomerEdited edited) {
		refreshContact(edited.corpId(), edited.externalUserId());
	}

	@ApplicationModuleListener
	void on(GroupChanged changed) {
		if (changed.kind() == GroupChanged.Kind.DISMISSED) {
			return;
		}
		WxCpUserExternalGroupChatInfo info;
		var readAt = clock.instant();
		try {
			info = gateway.call(changed.corpId(), "externalcontact/groupchat/get",
					s -> s.getExternalContactService().getGroupChat(changed.chatId(), 1));
		}
		catch (WeComException e) {
			if (e.errcode() == UNKNOWN_CHAT) {
				return; // dismissed meanwhile; its dismiss event follows
			}
			throw e;
		}
		Actors.runAs(Actor.system(changed.corpId()),
				() -> groupPages.publish(List.of(GroupPages.info(info.getGroupChat(), null)), null, readAt));
	}

	@ApplicationModuleListener
	void on(CorpTagsChanged changed) {
		var fetchedAt = clock.instant();
		WxCpUserExternalTagGroupList list = gateway.call(changed.corpId(), "externalcontact/get_corp_tag_list",
				s -> s.getExternalContactService().getCorpTagList(null, null));
		Actors.runAs(Actor.system(changed.corpId()),
				() -> tagLists.publish(changed.corpId(), null, list, fetchedAt));
	}

	private void refreshContact(long corpId, String externalUserId) {
		WxCpExternalContactInfo info;
		var readAt = clock.instant();
		try {
			info = gateway.call(corpId, "externalcontact/get",
					s -> s.getExternalContactService().getContactDetail(externalUserId, null));
		}
		catch (WeComException e) {
			if (e.errcode() == NO_RELATION) {
				return; // no longer anybody's customer; the delete event says so
			}
			throw e;
		}
		publish(corpId, info, readAt);
	}

	private void publish(long corpId, WxCpExternalContactInfo info, java.time.Instant readAt) {
		ContactsFetched fetched = ContactProfiles.fetched(corpId, info, readAt);
		Actors.runAs(Actor.system(corpId), () -> events.publishEvent(fetched));
	}
}
