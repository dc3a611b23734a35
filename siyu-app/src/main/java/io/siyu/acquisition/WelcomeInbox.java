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

/**
 * The durable half of the welcome path: in the transaction that processes the add callback, the welcome to send is
 * chosen (the code's, else the member's default, else the corp's) and stored under its welcome_code (unique: a
 * repeated callback stores nothing). Right after commit the row goes straight to {@link WelcomeSender}; if the process
 * dies first, the sender's sweep finds the row while the code is still valid.
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

	@EventListener
	@Order(10)
	void on(CustomerAdded added) {
		if (added.welcomeCode() == null || added.welcomeCode().isBlank()) {
			return;
		}
		Actors.runAs(Actor.system(added.corpId()), () -> {
			Optional<CodeStore.Row> code = added.state() == null || added.state().isBlank() ? Optional.empty()
					: store.byState(added.state());
			String content = null;
			String source = null;
			if (code.isPresent() && code.get().status() == CodeStatus.ACTIVE && code.get().welcome() != null) {
				content = code.get().welcome();
				source = "CODE";
			}
			if (content == null) {
				content = defaultFor(added.userid()).orElse(null);
				source = "STAFF";
			}
			if (content == null) {
				content = defaultFor("").orElse(null);
				source = "CORP";
			}
			if (content == null) {
				return;
			}
			Instant issued = added.at();
			int inserted = jdbc.sql("insert into acq_welcome (corp_id, welcome_code, code_id, source, userid, external_userid,"
					+ " issued_at, deadline, content, status) values (:corp, :wc, :code, :src, :u, :ext, :issued, :deadline,"
					+ " :content, 'PENDING') on conflict do nothing")
				.param("wc", added.welcomeCode())
				.param("code", code.map(CodeStore.Row::id).orElse(null))
				.param("src", source)
				.param("u", added.userid())
				.param("ext", added.externalUserId())
				.param("issued", Timestamps.of(issued))
				.param("deadline", Timestamps.of(issued.plus(settings.welcomeWindow())))
				.param("content", content)
				.update();
			if (inserted == 0) {
				return;
			}
			long id = jdbc.sql("select id from acq_welcome where corp_id = :corp and welcome_code = :wc")
				.param("wc", added.welcomeCode())
				.value(Long.class)
				.orElseThrow();
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

	private Optional<String> defaultFor(String userid) {
		return jdbc.sql("select content from acq_default_welcome where corp_id = :corp and userid = :u")
			.param("u", userid)
			.value(String.class);
	}
}
