package io.siyu.wecom.sync;

import java.time.Clock;

import org.springframework.stereotype.Component;

import io.siyu.wecom.CorpTagsFetched;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalTagGroupList;

/** The corp's customer tags (one call returns them all), handed to the tagging module as {@link CorpTagsFetched}. */
@Component
class TagSync {

	private final RunCalls wecom;

	private final CorpTagLists lists;

	private final Clock clock;

	TagSync(RunCalls wecom, CorpTagLists lists, Clock clock) {
		this.wecom = wecom;
		this.lists = lists;
		this.clock = clock;
	}

	void sync(SyncRun run) {
		var fetchedAt = clock.instant();
		WxCpUserExternalTagGroupList list = wecom.call(run, "externalcontact/get_corp_tag_list",
				s -> s.getExternalContactService().getCorpTagList(null, null));
		CorpTagsFetched fetched = lists.publish(run.corpId, run.id, list, fetchedAt);
		run.items += fetched.groups().stream().mapToInt(g -> g.tags().size()).sum();
	}
}
