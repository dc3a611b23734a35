package io.siyu.wecom.sync;

import java.util.List;

import io.siyu.wecom.ContactsFetched;
import io.siyu.wecom.FollowInfo;
import me.chanjar.weixin.cp.bean.external.contact.WxCpExternalContactInfo;

/** One customer read with {@code externalcontact/get}, in Siyu's terms. */
public final class ContactProfiles {

	private ContactProfiles() {
	}

	public static ContactsFetched fetched(long corpId, WxCpExternalContactInfo info, java.time.Instant readAt) {
		String external = info.getExternalContact().getExternalUserId();
		List<FollowInfo> follows = info.getFollowedUsers() == null ? List.of()
				: info.getFollowedUsers().stream().map(f -> ContactPages.follow(external, f)).toList();
		return new ContactsFetched(corpId, null, List.of(ContactPages.profile(info.getExternalContact())), follows,
				readAt);
	}
}
