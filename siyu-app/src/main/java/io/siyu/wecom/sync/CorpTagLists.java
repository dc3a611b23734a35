package io.siyu.wecom.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.siyu.wecom.CorpTagsFetched;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalTagGroupList;

/** Publishes WeCom's corp tag list in Siyu's terms (deleted entries left out: they no longer exist). */
@Component
public class CorpTagLists {

	private final ApplicationEventPublisher events;

	CorpTagLists(ApplicationEventPublisher events) {
		this.events = events;
	}

	public CorpTagsFetched publish(long corpId, Long runId, WxCpUserExternalTagGroupList list, Instant fetchedAt) {
		List<CorpTagsFetched.Group> groups = new ArrayList<>();
		for (WxCpUserExternalTagGroupList.TagGroup group : list.getTagGroupList() == null
				? List.<WxCpUserExternalTagGroupList.TagGroup>of() : list.getTagGroupList()) {
			if (Boolean.TRUE.equals(group.getDeleted())) {
				continue;
			}
			List<CorpTagsFetched.Tag> tags = new ArrayList<>();
			for (WxCpUserExternalTagGroupList.TagGroup.Tag tag : group.getTag() == null
					? List.<WxCpUserExternalTagGroupList.TagGroup.Tag>of() : group.getTag()) {
				if (!Boolean.TRUE.equals(tag.getDeleted())) {
					tags.add(new CorpTagsFetched.Tag(tag.getId(), tag.getName(), tag.getOrder() == null ? 0 : tag.getOrder()));
				}
			}
			groups.add(new CorpTagsFetched.Group(group.getGroupId(), group.getGroupName(),
					group.getOrder() == null ? 0 : group.getOrder(), tags));
		}
		CorpTagsFetched fetched = new CorpTagsFetched(corpId, runId, groups, fetchedAt);
		events.publishEvent(fetched);
		return fetched;
	}
}
