package io.siyu.acquisition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.LocalizedException;
import io.siyu.tagging.CustomerTagging;
import io.siyu.tagging.TaggingResult;
import io.siyu.wecom.WeComException;

/**
 * Applies a code's tags to the customer who arrived through it, after the callback's commit, through the tagging
 * module (mark_tag on the relations). Runs from the event publication registry: a failure (WeCom busy) is retried, and
 * marking a tag twice changes nothing in WeCom or Siyu.
 */
@Component
class ArrivalTagging {

	private static final Logger log = LoggerFactory.getLogger(ArrivalTagging.class);

	private final CustomerTagging tagging;

	ArrivalTagging(CustomerTagging tagging) {
		this.tagging = tagging;
	}

	@ApplicationModuleListener
	void on(ChannelArrived arrived) {
		if (arrived.tagIds().isEmpty()) {
			return;
		}
		Actors.runAs(Actor.system(arrived.corpId()), () -> {
			try {
				TaggingResult result = tagging.apply(arrived.customerId(), arrived.tagIds(), java.util.List.of(), "CHANNEL");
				result.relations().stream()
					.filter(r -> new WeComException(r.errcode(), "", null).isTransient())
					.findFirst()
					.ifPresent(r -> {
						throw new WeComException(r.errcode(), "mark_tag for " + r.userid() + ": " + r.error(), null);
					});
			}
			catch (LocalizedException e) {
				// a tag deleted since the code was saved: nothing to retry
				log.info("Channel tags of code {} not applied: {}", arrived.codeId(), e.getMessage());
			}
			catch (WeComException e) {
				if (e.isTransient() || e.errcode() == WeComException.CIRCUIT_OPEN) {
					throw e; // the registry retries
				}
				log.info("WeCom refused the channel tags of code {}: {}", arrived.codeId(), e.getMessage());
			}
		});
	}
}
