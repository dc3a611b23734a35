package io.siyu.customer.lost;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.WeComException;
import io.siyu.wecom.WeComMessages;

/**
 * Sends stored alerts as WeCom app messages, once: right after the alert's transaction commits, and from a sweep for
 * what a crash or a failing WeCom left behind. A send is claimed first (PENDING → SENDING in one update), so two nodes
 * or the sweep and the first try never send the same alert twice; a transient failure (after the gateway's own
 * retries) puts it back with a growing delay, a permanent one (no valid recipient) marks it FAILED. Only a node dying
 * between WeCom's answer and the SENT update can repeat a message (after {@code lease}).
 */
@Component
class LostAlertDelivery {

	private static final Logger log = LoggerFactory.getLogger(LostAlertDelivery.class);

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private final TenantJdbc jdbc;

	private final JdbcClient platform;

	private final WeComMessages messages;

	private final MessageSource texts;

	private final LostAlertSettings settings;

	private final Clock clock;

	private final TransactionTemplate tx;

	LostAlertDelivery(TenantJdbc jdbc, JdbcClient platform, WeComMessages messages, MessageSource texts,
			LostAlertSettings settings, Clock clock, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		// own transactions: the first try runs after the alert's transaction committed, where writes need a new one
		this.tx = new TransactionTemplate(transactions);
		this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.platform = platform;
		this.messages = messages;
		this.texts = texts;
		this.settings = settings;
		this.clock = clock;
	}

	@TransactionalEventListener
	void on(LostAlertRecorded recorded) {
		try {
			deliver(recorded.corpId(), recorded.alertId());
		}
		catch (RuntimeException e) {
			log.warn("Lost-customer alert {} not sent yet: {}", recorded.alertId(), e.getMessage());
		}
	}

	@Scheduled(fixedDelayString = "${siyu.customer.lost-alerts.sweep:30s}", initialDelayString = "PT25S")
	void sweep() {
		Instant now = clock.instant();
		List<Long> corps = platform.sql("select distinct corp_id from lost_customer where (notify_status = 'PENDING'"
				+ " and next_attempt_at <= ?) or (notify_status = 'SENDING' and claimed_at < ?)")
			.params(Timestamps.of(now), Timestamps.of(now.minus(settings.lease())))
			.query(Long.class).list();
		corps.forEach(this::deliverDue);
	}

	/** Sends every due alert of the corp; returns how many were sent. */
	int deliverDue(long corpId) {
		Instant now = clock.instant();
		List<Long> due = Actors.callAs(Actor.system(corpId), () -> jdbc.sql("select id from lost_customer"
				+ " where corp_id = :corp and ((notify_status = 'PENDING' and next_attempt_at <= :now)"
				+ " or (notify_status = 'SENDING' and claimed_at < :stale)) and {unscoped} order by id limit 500")
			.param("now", Timestamps.of(now))
			.param("stale", Timestamps.of(now.minus(settings.lease())))
			.list((rs, i) -> rs.getLong(1)));
		int sent = 0;
		for (long id : due) {
			try {
				sent += deliver(corpId, id) ? 1 : 0;
			}
			catch (RuntimeException e) {
				log.warn("Lost-customer alert {} not sent yet: {}", id, e.getMessage());
			}
		}
		return sent;
	}

	/** Claims and sends one alert; false when another worker has it or it is not due. */
	boolean deliver(long corpId, long id) {
		if (!settings.enabled()) {
			return false;
		}
		return Actors.callAs(Actor.system(corpId), () -> {
			Instant now = clock.instant();
			int claimed = tx.execute(status -> jdbc.sql("update lost_customer set notify_status = 'SENDING', claimed_at = :now,"
					+ " attempts = attempts + 1 where id = :id and corp_id = :corp and ((notify_status = 'PENDING'"
					+ " and next_attempt_at <= :now) or (notify_status = 'SENDING' and claimed_at < :stale)) and {unscoped}")
				.param("id", id)
				.param("now", Timestamps.of(now))
				.param("stale", Timestamps.of(now.minus(settings.lease())))
				.update());
			if (claimed == 0) {
				return false;
			}
			Alert alert = jdbc.sql("select l.kind, l.recipients, l.attempts, l.at, l.staff_name, l.userid, l.unit_name,"
					+ " coalesce(c.name, l.external_userid) as customer_name from lost_customer l"
					+ " left join customer c on c.id = l.customer_id and c.corp_id = :corp"
					+ " where l.id = :id and l.corp_id = :corp and {unscoped}")
				.param("id", id)
				.optional((rs, i) -> new Alert(LostKind.valueOf(rs.getString("kind")), rs.getString("recipients"),
						rs.getInt("attempts"), Timestamps.get(rs, "at"), rs.getString("staff_name"), rs.getString("userid"),
						rs.getString("unit_name"), rs.getString("customer_name")))
				.orElseThrow();
			try {
				WeComMessages.Sent sent = messages.sendText(corpId, List.of(alert.recipients().split("\\|")), text(alert));
				finish(id, "SENT", sent.msgid(), sent.invalidUsers().isEmpty() ? null
						: "invalid: " + String.join("|", sent.invalidUsers()), null);
				return true;
			}
			catch (WeComException e) {
				boolean retry = e.isTransient() || e.errcode() == WeComException.UNREACHABLE
						|| e.errcode() == WeComException.CIRCUIT_OPEN || e.errcode() == WeComException.NOT_CONNECTED;
				boolean give = !retry || alert.attempts() >= settings.maxAttempts();
				Duration backoff = Duration.ofSeconds(Math.min(3600, 30L << Math.min(alert.attempts(), 7)));
				finish(id, give ? "FAILED" : "PENDING", null, e.getMessage(), give ? null : now.plus(backoff));
				throw e;
			}
		});
	}

	private void finish(long id, String status, String msgid, String error, Instant next) {
		tx.executeWithoutResult(t -> jdbc.sql("update lost_customer set notify_status = :status, msgid = :msgid, last_error = :error,"
				+ " sent_at = :sent, next_attempt_at = coalesce(:next, next_attempt_at), claimed_at = null"
				+ " where id = :id and corp_id = :corp and {unscoped}")
			.param("status", status)
			.param("msgid", msgid)
			.param("error", error == null ? null : error.length() > 300 ? error.substring(0, 300) : error)
			.param("sent", "SENT".equals(status) ? Timestamps.of(clock.instant()) : null)
			.param("next", Timestamps.of(next))
			.param("id", id)
			.update());
	}

	private String text(Alert alert) {
		String staff = alert.staffName() == null ? alert.userid() : alert.staffName() + "（" + alert.userid() + "）";
		String key = alert.kind() == LostKind.CUSTOMER_DELETED ? "lost.alert.customerDeleted" : "lost.alert.staffDeleted";
		return texts.getMessage(key, new Object[] { alert.customerName(), staff,
				alert.unitName() == null ? "—" : alert.unitName(), TIME.format(alert.at().atZone(CHINA)) },
				Locale.SIMPLIFIED_CHINESE);
	}

	private record Alert(LostKind kind, String recipients, int attempts, Instant at, String staffName, String userid,
			String unitName, String customerName) {
	}
}
