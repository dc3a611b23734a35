package io.siyu.wecom.sync;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.siyu.shared.Actors;
import io.siyu.wecom.ContactProfile;
import io.siyu.wecom.ContactsFetched;
import io.siyu.wecom.ContactsSyncCompleted;
import io.siyu.wecom.FollowInfo;
import me.chanjar.weixin.cp.bean.external.contact.ExternalContact;
import me.chanjar.weixin.cp.bean.external.contact.FollowedUser;
import me.chanjar.weixin.cp.bean.external.contact.WxCpExternalContactBatchInfo.ExternalContactInfo;

/**
 * Turns a page of {@code batch/get_by_user} into Siyu's terms and hands it to the modules that store customers
 * ({@link ContactsFetched}, synchronously, inside the page's transaction).
 */
@Component
class ContactPages {


	private final ApplicationEventPublisher events;

	ContactPages(ApplicationEventPublisher events) {
		this.events = events;
	}

	void publish(List<ExternalContactInfo> page, long runId, Instant readAt) {
		if (page.isEmpty()) {
			return;
		}
		Map<String, ContactProfile> contacts = new LinkedHashMap<>();
		page.forEach(info -> contacts.putIfAbsent(info.getExternalContact().getExternalUserId(),
				profile(info.getExternalContact())));
		List<FollowInfo> follows = page.stream()
			.map(info -> follow(info.getExternalContact().getExternalUserId(), info.getFollowInfo()))
			.toList();
		events.publishEvent(new ContactsFetched(Actors.require().requireCorp(), runId, List.copyOf(contacts.values()),
				follows, readAt));
	}

	void completed(long runId, Instant runStartedAt) {
		events.publishEvent(new ContactsSyncCompleted(Actors.require().requireCorp(), runId, runStartedAt));
	}

	static ContactProfile profile(ExternalContact c) {
		return new ContactProfile(c.getExternalUserId(), c.getName(), c.getAvatar(), c.getType(), c.getGender(),
				c.getUnionId(), c.getCorpName());
	}

	static FollowInfo follow(String externalUserId, FollowedUser f) {
		List<String> tags = f.getTagIds() != null && f.getTagIds().length > 0 ? Arrays.asList(f.getTagIds())
				: f.getTags() == null ? List.of() : Arrays.stream(f.getTags()).map(FollowedUser.Tag::getTagId).toList();
		return new FollowInfo(externalUserId, f.getUserId(), f.getRemark(), f.getDescription(),
				f.getCreateTime() == null ? null : Instant.ofEpochSecond(f.getCreateTime()), parse(f.getAddWay()),
				f.getState(), tags, f.getRemarkMobiles() == null ? List.of() : Arrays.asList(f.getRemarkMobiles()));
	}

	private static Integer parse(String addWay) {
		try {
			return addWay == null ? null : Integer.valueOf(addWay);
		}
		catch (NumberFormatException e) {
			return null;
		}
	}
}
