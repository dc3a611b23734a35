package io.siyu.wecom.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.siyu.organization.CorpView;
import io.siyu.organization.Corps;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.wecom.gateway.WeComSettings;

/**
 * Reconciles every connected corp with WeCom at a fixed interval: callbacks can be lost, and API-made changes
 * never produce callbacks. Nodes race for each corp through the claim in {@link SyncRuns}; losers skip it.
 */
@Component
class SyncSchedule {

	private static final Logger log = LoggerFactory.getLogger(SyncSchedule.class);

	private final Corps corps;

	private final WeComSync sync;

	private final WeComSettings settings;

	SyncSchedule(Corps corps, WeComSync sync, WeComSettings settings) {
		this.corps = corps;
		this.sync = sync;
		this.settings = settings;
	}

	@Scheduled(fixedDelayString = "${siyu.wecom.sync.interval:6h}",
			initialDelayString = "${siyu.wecom.sync.initial-delay:10m}")
	void reconcile() {
		if (!settings.sync().scheduled()) {
			return;
		}
		for (CorpView corp : Actors.callAs(Actor.platform(0, "wecom-sync", null), corps::list)) {
			if (!corp.active() || !corp.wecomConfigured()) {
				continue;
			}
			try {
				SyncResult result = sync.run(corp.id());
				log.debug("Reconciled corp {}: {}", corp.id(), result);
			}
			catch (RuntimeException e) {
				// the run stays resumable; the next round continues it
				log.warn("Reconciliation of corp {} failed: {}", corp.id(), e.getMessage());
			}
		}
	}
}
