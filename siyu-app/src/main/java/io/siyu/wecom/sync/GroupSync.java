package io.siyu.wecom.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.shared.Timestamps;
import io.siyu.wecom.gateway.WeComException;
import io.siyu.wecom.sync.Checkpoint.Phase;
import me.chanjar.weixin.cp.bean.WxCpUser;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalGroupChatInfo;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalGroupChatList;

/**
 * Customer groups: {@code groupchat/list} by owner batches of 100 members (without an owner filter WeCom refuses
 * corps above 1,000 members), then {@code groupchat/get} per group. A list page and its groups commit with the
 * checkpoint.
 */
@Component
class GroupSync {

	/** Groups per list page: small enough that a page and its details commit often. */
	static final int PAGE_SIZE = 100;

	private static final int ALL_STATUSES = 0;

	private static final int UNKNOWN_CHAT = 40050;

	private final RunCalls wecom;

	private final GroupMirror mirror;

	private final SyncRuns runs;

	private final TransactionTemplate tx;

	private final Clock clock;

	GroupSync(RunCalls wecom, GroupMirror mirror, SyncRuns runs, TransactionTemplate tx, Clock clock) {
		this.wecom = wecom;
		this.mirror = mirror;
		this.runs = runs;
		this.tx = tx;
		this.clock = clock;
	}

	void sync(SyncRun run, String holder) {
		List<WxCpUser> members = wecom.call(run, "user/list",
				s -> s.getUserService().listByDepartment(DirectorySync.ROOT_DEPARTMENT, true, null));
		// Owners who left may be missing from the directory, but their groups live on until transferred.
		List<String> owners = new ArrayList<>(mirror.knownOwners());
		members.forEach(member -> owners.add(member.getUserId()));
		List<List<String>> batches = Batches.of(owners);
		run.checkpoint = run.checkpoint.within(batches);
		while (run.checkpoint.batch() < batches.size()) {
			Checkpoint at = run.checkpoint;
			String[] batch = batches.get(at.batch()).toArray(String[]::new);
			WxCpUserExternalGroupChatList page = wecom.call(run, "externalcontact/groupchat/list",
					s -> s.getExternalContactService().listGroupChat(PAGE_SIZE, at.cursor(), ALL_STATUSES, batch));
			List<WxCpUserExternalGroupChatList.ChatStatus> chats = page.getGroupChatList() == null ? List.of()
					: page.getGroupChatList();
			List<WxCpUserExternalGroupChatInfo> details = chats.stream().map(chat -> detail(run, chat.getChatId())).toList();
			tx.executeWithoutResult(status -> {
				for (int i = 0; i < chats.size(); i++) {
					if (details.get(i) != null) {
						mirror.save(details.get(i).getGroupChat(), chats.get(i).getStatus(), run.id,
								Timestamps.of(clock.instant()));
					}
				}
				run.items += chats.size();
				run.checkpoint = at.nextPage(batches, page.getNextCursor());
				runs.checkpoint(run, holder);
			});
		}
		tx.executeWithoutResult(status -> {
			mirror.dismissUnseen(run.id, Timestamps.of(clock.instant()));
			run.checkpoint = Checkpoint.at(Phase.DONE);
			runs.checkpoint(run, holder);
		});
	}

	/** The group's detail, or null when it was dismissed between list and get (it is then marked at the end). */
	private WxCpUserExternalGroupChatInfo detail(SyncRun run, String chatId) {
		try {
			return wecom.call(run, "externalcontact/groupchat/get",
					s -> s.getExternalContactService().getGroupChat(chatId, 1));
		}
		catch (WeComException e) {
			if (e.errcode() == UNKNOWN_CHAT) {
				return null;
			}
			throw e;
		}
	}
}
