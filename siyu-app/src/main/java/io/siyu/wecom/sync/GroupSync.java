package io.siyu.wecom.sync;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.organization.Staff;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffFilter;
import io.siyu.organization.StaffStatus;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.wecom.GroupInfo;
import io.siyu.wecom.WeComException;
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

	private final GroupPages pages;

	private final StaffDirectory staff;

	private final SyncRuns runs;

	private final TransactionTemplate tx;

	GroupSync(RunCalls wecom, GroupPages pages, StaffDirectory staff, SyncRuns runs, TransactionTemplate tx) {
		this.wecom = wecom;
		this.pages = pages;
		this.staff = staff;
		this.runs = runs;
		this.tx = tx;
	}

	void sync(SyncRun run, String holder) {
		List<WxCpUser> members = wecom.call(run, "user/list",
				s -> s.getUserService().listByDepartment(DirectorySync.ROOT_DEPARTMENT, true, null));
		// Owners who left may be missing from the directory, but their groups live on until transferred.
		List<String> owners = new ArrayList<>(resignedStaff());
		members.forEach(member -> owners.add(member.getUserId()));
		List<List<String>> batches = Batches.of(owners);
		run.checkpoint = run.checkpoint.within(batches);
		while (run.checkpoint.batch() < batches.size()) {
			Checkpoint at = run.checkpoint;
			String[] batch = batches.get(at.batch()).toArray(String[]::new);
			java.time.Instant readAt = java.time.Instant.now();
			WxCpUserExternalGroupChatList page = wecom.call(run, "externalcontact/groupchat/list",
					s -> s.getExternalContactService().listGroupChat(PAGE_SIZE, at.cursor(), ALL_STATUSES, batch));
			List<WxCpUserExternalGroupChatList.ChatStatus> chats = page.getGroupChatList() == null ? List.of()
					: page.getGroupChatList();
			List<WxCpUserExternalGroupChatInfo> details = chats.stream().map(chat -> detail(run, chat.getChatId())).toList();
			tx.executeWithoutResult(status -> {
				List<GroupInfo> infos = new ArrayList<>();
				for (int i = 0; i < chats.size(); i++) {
					if (details.get(i) != null) {
						infos.add(GroupPages.info(details.get(i).getGroupChat(), chats.get(i).getStatus()));
					}
				}
				pages.publish(infos, run.id, readAt);
				run.items += chats.size();
				run.checkpoint = at.nextPage(batches, page.getNextCursor());
				runs.checkpoint(run, holder);
			});
		}
		tx.executeWithoutResult(status -> {
			pages.completed(run.id, run.startedAt);
			run.checkpoint = Checkpoint.at(Phase.DONE);
			runs.checkpoint(run, holder);
		});
	}

	/** Members who left: their groups live on in WeCom until transferred, so they are listed by owner too. */
	private List<String> resignedStaff() {
		List<String> userids = new ArrayList<>();
		StaffFilter resigned = new StaffFilter(null, null, StaffStatus.RESIGNED, null);
		for (int p = 0; ; p++) {
			Page<Staff> page = staff.list(resigned, new PageQuery(p, PageQuery.MAX_SIZE));
			page.items().forEach(s -> userids.add(s.userid()));
			if (!page.hasNext()) {
				return userids;
			}
		}
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
