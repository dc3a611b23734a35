package io.siyu.acquisition;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.AfterCommit;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.CustomerAdded;
import io.siyu.wecom.WelcomeCodeReceived;

/**
 * The durable half of the welcome path: the welcome to send is chosen (the code's, else the member's default, else the
 * corp's) and stored under its welcome_code (unique: a second store of the same code stores nothing), then handed to
 * {@link WelcomeSender}. Two ways in, the same row: right when the add callback is stored ({@link WelcomeCodeReceived},
 * on a welcome thread, so a burst of adds queued for processing does not hold the welcomes back) and again when the
 * callback is processed ({@link CustomerAdded}, in its transaction, sending after commit only if the early path did not
 * store the row — it failed, or the process died before). If the process dies between storing and sending, the
 * sender's sweep finds the row while the code is still valid.
 */
@Component
class WelcomeInbox {

	private final TenantJdbc jdbc;

	private final WelcomeChoice choice;

	private final WelcomeSender sender;

	private final AcquisitionSettings settings;

	private final Clock clock;

	WelcomeInbox(TenantJdbc jdbc, WelcomeChoice choice, WelcomeSender sender, AcquisitionSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.choice = choice;
		this.sender = sender;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * The early path, on a welcome thread (not the one that answers WeCom): the row is inserted already claimed
	 * (SENDING, attempt 1 — one statement stores and claims it; a stored code inserts nothing) and sent from memory.
	 * If this node dies mid-call, the row is a stale claim for the sweep like any other.
	 */
	@EventListener
	void on(WelcomeCodeReceived received) {
		if (received.welcomeCode() == null || received.welcomeCode().isBlank()) {
			return;
		}
		sender.start(() -> Actors.runAs(Actor.system(received.corpId()), () -> {
			Optional<WelcomeChoice.Chosen> chosen = choice.choose(received.state(), received.userid());
			if (chosen.isEmpty()) {
				return;
			}
			Instant now = clock.instant();
			Instant deadline = received.at().plus(settings.welcomeWindow());
			boolean open = now.isBefore(deadline);
			insert(received.userid(), received.externalUserId(), received.welcomeCode(), received.at(), chosen.get(),
					open ? now : null)
				.filter(id -> open)
				.ifPresent(id -> sender.sendClaimed(received.corpId(), new WelcomeSender.Claimed(id,
						received.welcomeCode(), received.userid(), received.externalUserId(), received.at(),
						chosen.get().welcome().welcome(), 1)));
		}));
	}

	@EventListener
	@Order(10)
	void on(CustomerAdded added) {
		if (added.welcomeCode() == null || added.welcomeCode().isBlank()) {
			return;
		}
		Actors.runAs(Actor.system(added.corpId()), () -> {
			Optional<Long> stored = choice.choose(added.state(), added.userid())
				.flatMap(chosen -> insert(added.userid(), added.externalUserId(), added.welcomeCode(), added.at(), chosen,
						null));
			if (stored.isEmpty()) {
				return;
			}
			long id = stored.get();
			long corp = added.corpId();
			AfterCommit.run(() -> sender.submit(corp, id));
		});
	}

	/**
	 * The new row's id; empty when the code is stored already (unique per corp and welcome_code). With
	 * {@code claimedAt} the row is stored claimed by the caller (SENDING, attempt 1), else PENDING.
	 */
	private Optional<Long> insert(String userid, String externalUserId, String welcomeCode, Instant issued,
			WelcomeChoice.Chosen chosen, Instant claimedAt) {
		return jdbc.sql("insert into acq_welcome (corp_id, welcome_code, code_id, source, userid, external_userid,"
				+ " issued_at, deadline, content, status, attempts, claimed_at) values (:corp, :wc, :code, :src, :u, :ext,"
				+ " :issued, :deadline, :content, :status, :attempts, :claimed) on conflict do nothing")
			.param("wc", welcomeCode)
			.param("code", chosen.codeId())
			.param("src", chosen.source())
			.param("u", userid)
			.param("ext", externalUserId)
			.param("issued", Timestamps.of(issued))
			.param("deadline", Timestamps.of(issued.plus(settings.welcomeWindow())))
			.param("content", chosen.welcome().json())
			.param("status", claimedAt == null ? "PENDING" : "SENDING")
			.param("attempts", claimedAt == null ? 0 : 1)
			.param("claimed", claimedAt == null ? null : Timestamps.of(claimedAt))
			.insertIfNew();
	}
}
