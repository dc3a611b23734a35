package io.siyu.acquisition;

import java.time.Instant;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
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

	private final CodeStore store;

	private final WelcomeSender sender;

	private final AcquisitionSettings settings;

	WelcomeInbox(TenantJdbc jdbc, CodeStore store, WelcomeSender sender, AcquisitionSettings settings) {
		this.jdbc = jdbc;
		this.store = store;
		this.sender = sender;
		this.settings = settings;
	}

	/** The early path: store and send on a welcome thread, not on the thread that answers WeCom. */
	@EventListener
	void on(WelcomeCodeReceived received) {
		if (received.welcomeCode() == null || received.welcomeCode().isBlank()) {
			return;
		}
		sender.start(() -> Actors.runAs(Actor.system(received.corpId()), () -> store(received.corpId(),
				received.userid(), received.externalUserId(), received.state(), received.welcomeCode(), received.at())
			.ifPresent(id -> sender.send(received.corpId(), id))));
	}

	@EventListener
	@Order(10)
	void on(CustomerAdded added) {
		if (added.welcomeCode() == null || added.welcomeCode().isBlank()) {
			return;
		}
		Actors.runAs(Actor.system(added.corpId()), () -> {
			Optional<Long> stored = store(added.corpId(), added.userid(), added.externalUserId(), added.state(),
					added.welcomeCode(), added.at());
			if (stored.isEmpty()) {
				return;
			}
			long id = stored.get();
			long corp = added.corpId();
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
					@Override
					public void afterCommit() {
						sender.submit(corp, id);
					}
				});
			}
			else {
				sender.submit(corp, id);
			}
		});
	}

	/** The new row's id; empty when the code is stored already or there is no welcome to send. */
	private Optional<Long> store(long corpId, String userid, String externalUserId, String state, String welcomeCode,
			Instant issued) {
		boolean known = jdbc.sql("select id from acq_welcome where corp_id = :corp and welcome_code = :wc")
			.param("wc", welcomeCode)
			.value(Long.class)
			.isPresent();
		if (known) {
			return Optional.empty();
		}
		Optional<CodeStore.Row> code = state == null || state.isBlank() ? Optional.empty() : store.byState(state);
		String content = null;
		String source = null;
		if (code.isPresent() && code.get().status() == CodeStatus.ACTIVE && code.get().welcome() != null) {
			content = code.get().welcome();
			source = "CODE";
		}
		if (content == null) {
			content = defaultFor(userid).orElse(null);
			source = "STAFF";
		}
		if (content == null) {
			content = defaultFor("").orElse(null);
			source = "CORP";
		}
		if (content == null) {
			return Optional.empty();
		}
		int inserted = jdbc.sql("insert into acq_welcome (corp_id, welcome_code, code_id, source, userid, external_userid,"
				+ " issued_at, deadline, content, status) values (:corp, :wc, :code, :src, :u, :ext, :issued, :deadline,"
				+ " :content, 'PENDING') on conflict do nothing")
			.param("wc", welcomeCode)
			.param("code", code.map(CodeStore.Row::id).orElse(null))
			.param("src", source)
			.param("u", userid)
			.param("ext", externalUserId)
			.param("issued", Timestamps.of(issued))
			.param("deadline", Timestamps.of(issued.plus(settings.welcomeWindow())))
			.param("content", content)
			.update();
		if (inserted == 0) {
			return Optional.empty();
		}
		return jdbc.sql("select id from acq_welcome where corp_id = :corp and welcome_code = :wc")
			.param("wc", welcomeCode)
			.value(Long.class);
	}

	private Optional<String> defaultFor(String userid) {
		return jdbc.sql("select content from acq_default_welcome where corp_id = :corp and userid = :u")
			.param("u", userid)
			.value(String.class);
	}
}
