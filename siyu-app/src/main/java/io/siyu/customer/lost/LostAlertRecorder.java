package io.siyu.customer.lost;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.siyu.customer.CustomerUnfollowed;
import io.siyu.customer.EndReason;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.Staff;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffPlacement;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Stores an alert when a relation is lost, in the transaction that ends the relation (the callback's). The relation
 * module publishes {@link CustomerUnfollowed} only for a relation that really was active, and the alert is unique per
 * relation and event time, so a repeated or late callback never makes a second alert. Recipients are fixed here: the
 * member and their manager when the customer deleted the member; the manager when the member deleted the customer.
 */
@Component
class LostAlertRecorder {

	private final TenantJdbc jdbc;

	private final StaffDirectory staff;

	private final OrgUnits units;

	private final Managers managers;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	LostAlertRecorder(TenantJdbc jdbc, StaffDirectory staff, OrgUnits units, Managers managers,
			ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.staff = staff;
		this.units = units;
		this.managers = managers;
		this.events = events;
		this.clock = clock;
	}

	@EventListener
	void on(CustomerUnfollowed ended) {
		LostKind kind = ended.reason() == EndReason.CUSTOMER_DELETED ? LostKind.CUSTOMER_DELETED
				: ended.reason() == EndReason.STAFF_DELETED ? LostKind.STAFF_DELETED : null;
		if (kind == null) {
			return;
		}
		Actors.runAs(Actor.system(ended.corpId()), () -> record(ended, kind));
	}

	private void record(CustomerUnfollowed ended, LostKind kind) {
		StaffPlacement member = staff.placements(Set.of(ended.userid())).get(ended.userid());
		Set<String> recipients = new LinkedHashSet<>();
		String unitName = null;
		if (member != null) {
			unitName = units.get(member.orgUnitId()).name();
			Optional<Staff> manager = managers.of(member.userid(), member.orgUnitId());
			if (kind == LostKind.CUSTOMER_DELETED) {
				recipients.add(member.userid());
			}
			manager.ifPresent(m -> recipients.add(m.userid()));
		}
		var now = Timestamps.of(clock.instant());
		long inserted = jdbc.sql("insert into lost_customer (corp_id, customer_id, external_userid, userid, staff_id,"
				+ " staff_name, unit_id, unit_name, kind, at, recipients, notify_status, next_attempt_at, created_at)"
				+ " values (:corp, :customer, :ext, :userid, :staff, :staffName, :unit, :unitName, :kind, :at,"
				+ " :recipients, :status, :now, :now) on conflict do nothing")
			.param("customer", ended.customerId())
			.param("ext", ended.externalUserId())
			.param("userid", ended.userid())
			.param("staff", member == null ? ended.staffId() : Long.valueOf(member.staffId()))
			.param("staffName", member == null ? null : member.name())
			.param("unit", member == null ? null : member.orgUnitId())
			.param("unitName", unitName)
			.param("kind", kind.name())
			.param("at", Timestamps.of(ended.at()))
			.param("recipients", recipients.isEmpty() ? null : String.join("|", recipients))
			.param("status", recipients.isEmpty() ? "NONE" : "PENDING")
			.param("now", now)
			.update();
		if (inserted == 1 && !recipients.isEmpty()) {
			jdbc.sql("select id from lost_customer where corp_id = :corp and customer_id = :customer and userid = :userid"
					+ " and at = :at and {unscoped}")
				.param("customer", ended.customerId())
				.param("userid", ended.userid())
				.param("at", Timestamps.of(ended.at()))
				.value(Long.class)
				.ifPresent(id -> events.publishEvent(new LostAlertRecorded(ended.corpId(), id)));
		}
	}
}
