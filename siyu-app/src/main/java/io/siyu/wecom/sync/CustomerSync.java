package io.siyu.wecom.sync;

import java.util.List;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.wecom.sync.Checkpoint.Phase;
import me.chanjar.weixin.cp.bean.external.contact.WxCpExternalContactBatchInfo;

/**
 * Customers and their follow relations, page by page through {@code batch/get_by_user} (100 members per call,
 * 100 relations per page). Each page is stored (by the
 * modules listening to {@link io.siyu.wecom.ContactsFetched}) in one transaction with the checkpoint that points past it.
 */
@Component
class CustomerSync {

	static final int PAGE_SIZE = 100;

	private final RunCalls wecom;

	private final ContactPages contactPages;

	private final SyncRuns runs;

	private final TransactionTemplate tx;

	/** Called after every committed page; tests use it to stop a run half-way as a crash would. */
	volatile Consumer<SyncRun> afterPage = run -> {
	};

	private final TableStatistics statistics;

	private final java.time.Clock clock;

	CustomerSync(RunCalls wecom, ContactPages pages, SyncRuns runs, TransactionTemplate tx,
			TableStatistics statistics, java.time.Clock clock) {
		this.clock = clock;
		this.statistics = statistics;
		this.wecom = wecom;
		this.contactPages = pages;
		this.runs = runs;
		this.tx = tx;
	}

	void sync(SyncRun run, String holder) {
		List<String> followers = wecom.call(run, "externalcontact/get_follow_user_list",
				s -> s.getExternalContactService().listFollowers());
		List<List<String>> batches = Batches.of(followers);
		run.checkpoint = run.checkpoint.within(batches);
		long pages = 0;
		while (run.checkpoint.batch() < batches.size()) {
			Checkpoint at = run.checkpoint;
			String[] userids = batches.get(at.batch()).toArray(String[]::new);
			java.time.Instant readAt = clock.instant();
			WxCpExternalContactBatchInfo page = wecom.call(run, "externalcontact/batch/get_by_user",
					s -> s.getExternalContactService().getContactDetailBatch(userids, at.cursor(), PAGE_SIZE));
			List<WxCpExternalContactBatchInfo.ExternalContactInfo> contacts = page.getExternalContactList() == null
					? List.of() : page.getExternalContactList();
			tx.executeWithoutResult(status -> {
				contactPages.publish(contacts, run.id, readAt);
				run.items += contacts.size();
				run.checkpoint = at.nextPage(batches, page.getNextCursor());
				runs.checkpoint(run, holder);
			});
			statistics.maybeRefresh(++pages);
			afterPage.accept(run);
		}
		tx.executeWithoutResult(status -> {
			contactPages.completed(run.id, run.startedAt);
			run.checkpoint = Checkpoint.at(Phase.GROUPS);
			runs.checkpoint(run, holder);
		});
	}
}
