package io.siyu.wecom.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.wecom.gateway.WeComSettings;
import io.siyu.wecom.sync.Checkpoint.Phase;

/**
 * Full sync of a corp from WeCom: departments → org units, members → staff, corp tags, customers with their follow
 * relations, customer groups with members. Resumable (checkpoint after every page; the next run continues an
 * unfinished one), idempotent (only differences are written) and exclusive per corp across nodes.
 */
@Service
public class WeComSync {

	private static final Logger log = LoggerFactory.getLogger(WeComSync.class);

	private final SyncRuns runs;

	private final DirectorySync directory;

	private final TagSync tags;

	private final CustomerSync customers;

	private final GroupSync groups;

	private final TransactionTemplate tx;

	private final WeComSettings settings;

	WeComSync(SyncRuns runs, DirectorySync directory, TagSync tags, CustomerSync customers, GroupSync groups,
			TransactionTemplate tx, WeComSettings settings) {
		this.runs = runs;
		this.directory = directory;
		this.tags = tags;
		this.customers = customers;
		this.groups = groups;
		this.tx = tx;
		this.settings = settings;
	}

	/**
	 * Syncs the corp now, on this thread, continuing its unfinished run if there is one. Returns BUSY when another
	 * node holds the corp. A failure leaves the run resumable and is rethrown.
	 */
	public SyncResult run(long corpId) {
		return Actors.callAs(Actor.system(corpId), () -> runs.claim(settings.sync().lease())
			.map(holder -> runClaimed(corpId, holder))
			.orElseGet(SyncResult::busy));
	}

	private SyncResult runClaimed(long corpId, String holder) {
		SyncRun run = null;
		try {
			run = runs.resumeOrStart(corpId);
			SyncRun current = run;
			if (run.checkpoint.phase() == Phase.DIRECTORY) {
				completePhase(current, holder, () -> directory.sync(current), Phase.TAGS);
			}
			if (run.checkpoint.phase() == Phase.TAGS) {
				completePhase(current, holder, () -> tags.sync(current), Phase.CUSTOMERS);
			}
			if (run.checkpoint.phase() == Phase.CUSTOMERS) {
				timed(corpId, Phase.CUSTOMERS, () -> customers.sync(current, holder));
			}
			if (run.checkpoint.phase() == Phase.GROUPS) {
				timed(corpId, Phase.GROUPS, () -> groups.sync(current, holder));
			}
			runs.finish(run);
			log.info("WeCom sync of corp {} done: run {}, {} items, {} calls{}", corpId, run.id, run.items, run.calls,
					run.resumed ? " (resumed)" : "");
			return new SyncResult(run.id, SyncResult.Outcome.DONE, run.resumed, run.items, run.calls);
		}
		catch (RuntimeException e) {
			if (run != null) {
				runs.interrupt(run, e.getMessage());
				log.warn("WeCom sync of corp {} stopped at {}: {}", corpId, run.checkpoint.encode(), e.getMessage());
			}
			throw e;
		}
		finally {
			runs.release(holder);
		}
	}

	private void completePhase(SyncRun run, String holder, Runnable work, Phase next) {
		timed(run.corpId, run.checkpoint.phase(), () -> tx.executeWithoutResult(status -> {
			work.run();
			run.checkpoint = Checkpoint.at(next);
			runs.checkpoint(run, holder);
		}));
	}

	private static void timed(long corpId, Phase phase, Runnable work) {
		long started = System.nanoTime();
		work.run();
		log.debug("WeCom sync of corp {}: {} took {} ms", corpId, phase, (System.nanoTime() - started) / 1_000_000);
	}
}
