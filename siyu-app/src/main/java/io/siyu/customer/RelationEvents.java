package io.siyu.customer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.siyu.organization.StaffChanged;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffPlacement;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.CustomerAdded;
import io.siyu.wecom.CustomerDeletedByStaff;
import io.siyu.wecom.CustomerLost;

/**
 * Applies WeCom's relation callbacks (added, deleted by the customer, deleted by the member) inside the transaction
 * that marks the callback processed. WeCom may deliver late or out of order: an event older than the last one applied
 * to the same relation ({@code last_event_time}) changes nothing. Also keeps relations with their staff when staff move.
 */
@Component
class RelationEvents {

	private final TenantJdbc jdbc;

	private final StaffDirectory staff;

	private final Timeline timeline;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	RelationEvents(TenantJdbc jdbc, StaffDirectory staff, Timeline timeline, ApplicationEventPublisher events,
			Clock clock) {
		this.jdbc = jdbc;
		this.staff = staff;
		this.timeline = timeline;
		this.events = events;
		this.clock = clock;
	}

	@EventListener
	@Order(0)
	void on(CustomerAdded added) {
		Actors.runAs(Actor.system(added.corpId()), () -> {
			// a customer new to Siyu is stored with the summary of the relation added below, so that the row is not
			// written a second time by the refresh
			Customer customer = customerFor(added.externalUserId(), added);
			long customerId = customer.id();
			StaffPlacement placement = staff.placements(List.of(added.userid())).get(added.userid());
			boolean first = customer.created() || jdbc.sql("select count(*) from customer_follow where corp_id = :corp"
					+ " and customer_id = :c and " + CustomerScope.system()).param("c", customerId).count() == 0;
			Optional<Boolean> wasActive = apply(customerId, added.userid(), true, null, added.state(), placement,
					added.at());
			if (wasActive.isPresent() && !wasActive.get()) {
				if (!customer.created()) {
					FollowCounts.refresh(jdbc, List.of(customerId));
				}
				timeline.appendAll(List.of(new Timeline.NewEvent(customerId, TimelineKinds.FOLLOWED, added.at(),
						added.userid(), added.state(), null, added.half() ? "half" : null)));
				events.publishEvent(new CustomerFollowed(added.corpId(), customerId, added.externalUserId(),
						added.userid(), placement == null ? null : placement.staffId(), added.state(), first, customer.created(),
						added.at()));
				events.publishEvent(new CustomersChanged(added.corpId(), List.of(customerId)));
			}
		});
	}

	@EventListener
	@Order(0)
	void on(CustomerLost lost) {
		ended(lost.corpId(), lost.externalUserId(), lost.userid(), EndReason.CUSTOMER_DELETED, lost.at());
	}

	@EventListener
	@Order(0)
	void on(CustomerDeletedByStaff deleted) {
		ended(deleted.corpId(), deleted.externalUserId(), deleted.userid(),
				deleted.byTransfer() ? EndReason.TRANSFERRED : EndReason.STAFF_DELETED, deleted.at());
	}

	/** Relations follow their member to a new unit, and attach to staff Siyu learns about later. */
	@EventListener
	void on(StaffChanged changed) {
		Actors.runAs(Actor.system(changed.corpId()), () -> jdbc.sql("update customer_follow set staff_id = :staff,"
				+ " unit_id = :unit where corp_id = :corp and userid = :userid and (staff_id is null or unit_id is null"
				+ " or staff_id <> :staff or unit_id <> :unit) and " + CustomerScope.system())
			.param("staff", changed.staffId())
			.param("unit", changed.orgUnitId())
			.param("userid", changed.userid())
			.update());
	}

	private void ended(long corpId, String external, String userid, EndReason reason, Instant at) {
		Actors.runAs(Actor.system(corpId), () -> {
			long customerId = customerFor(external, null).id();
			StaffPlacement placement = staff.placements(List.of(userid)).get(userid);
			Optional<Boolean> wasActive = apply(customerId, userid, false, reason, null, placement, at);
			if (wasActive.isPresent() && wasActive.get()) {
				FollowCounts.refresh(jdbc, List.of(customerId));
				timeline.appendAll(List.of(new Timeline.NewEvent(customerId, TimelineKinds.UNFOLLOWED, at, userid,
						reason.name(), null, null)));
				events.publishEvent(new CustomerUnfollowed(corpId, customerId, external, userid,
						placement == null ? null : placement.staffId(), reason, at));
				events.publishEvent(new CustomersChanged(corpId, List.of(customerId)));
			}
		});
	}

	/**
	 * Sets the relation's state if the event is not older than the last one applied. Returns whether the relation was
	 * active before, or empty when the event was too old to apply.
	 */
	private Optional<Boolean> apply(long customerId, String userid, boolean active, EndReason reason, String state,
			StaffPlacement placement, Instant at) {
		long t = at.getEpochSecond();
		Timestamp now = Timestamps.of(clock.instant());
		Optional<Map<String, Object>> before = jdbc.sql("select active, last_event_time from customer_follow"
				+ " where corp_id = :corp and customer_id = :c and userid = :u and " + CustomerScope.system() + " for update")
			.param("c", customerId)
			.param("u", userid)
			.optional((rs, i) -> {
				Map<String, Object> row = new java.util.HashMap<>();
				row.put("active", rs.getBoolean(1));
				row.put("t", Timestamps.nullableLong(rs, "last_event_time"));
				return row;
			});
		if (before.isEmpty()) {
			int inserted = jdbc.sql("insert into customer_follow (corp_id, customer_id, userid, staff_id, unit_id, added_at, state, active,"
						+ " end_reason, ended_at, last_event_time, updated_at) values (:corp, :c, :u, :staff, :unit, :added,"
						+ " :state, :active, :reason, :ended, :t, :now) on conflict do nothing")
					.param("c", customerId)
					.param("u", userid)
					.param("staff", placement == null ? null : placement.staffId())
					.param("unit", placement == null ? null : placement.orgUnitId())
					.param("added", active ? Timestamps.of(at) : null)
					.param("state", state)
					.param("active", active)
					.param("reason", reason == null ? null : reason.name())
					.param("ended", active ? null : Timestamps.of(at))
					.param("t", t)
					.param("now", now)
					.update();
			// a concurrent event of the same relation inserted it first: apply this one on top
			return inserted == 1 ? Optional.of(false) : apply(customerId, userid, active, reason, state, placement, at);
		}
		Long last = (Long) before.get().get("t");
		if (last != null && last > t) {
			return Optional.empty();
		}
		boolean wasActive = (Boolean) before.get().get("active");
		jdbc.sql("update customer_follow set active = :active, end_reason = :reason, ended_at = :ended,"
				+ " state = coalesce(:state, state), added_at = case when :reactivated then :added else added_at end,"
				+ " staff_id = coalesce(:staff, staff_id), unit_id = coalesce(:unit, unit_id), last_event_time = :t,"
				+ " updated_at = :now where corp_id = :corp and customer_id = :c and userid = :u and " + CustomerScope.system())
			.param("active", active)
			.param("reason", reason == null ? null : reason.name())
			.param("ended", active ? null : Timestamps.of(at))
			.param("state", state)
			.param("reactivated", active && !wasActive)
			.param("added", Timestamps.of(at))
			.param("staff", placement == null ? null : placement.staffId())
			.param("unit", placement == null ? null : placement.orgUnitId())
			.param("t", t)
			.param("now", now)
			.param("c", customerId)
			.param("u", userid)
			.update();
		return Optional.of(wasActive);
	}

	/**
	 * The customer with this external_userid; a bare record when the callback comes before the profile. A record
	 * created for an add holds that relation's summary already (one active relation, added then, through its state):
	 * {@code created} tells the caller, which then adds that relation and nothing else before its commit.
	 */
	private Customer customerFor(String external, CustomerAdded added) {
		Optional<Long> id = jdbc.sql("select id from customer where corp_id = :corp and external_userid = :ext and "
				+ CustomerScope.system()).param("ext", external).value(Long.class);
		if (id.isPresent()) {
			return new Customer(id.get(), false);
		}
		// a concurrent callback about the same customer may insert it first
		Timestamp at = added == null ? null : Timestamps.of(added.at());
		Optional<Long> inserted = jdbc.sql("insert into customer (corp_id, external_userid, stage, source, created_at,"
				+ " updated_at, active_follows, first_added_at, first_state, stage_since) values (:corp, :ext, 'NEW', 'WECOM',"
				+ " :now, :now, :follows, :at, :state, :at) on conflict do nothing")
			.param("ext", external)
			.param("now", Timestamps.of(clock.instant()))
			.param("follows", added == null ? 0 : 1)
			.param("at", at)
			.param("state", added == null ? null : added.state())
			.insertIfNew();
		if (inserted.isPresent()) {
			return new Customer(inserted.get(), added != null);
		}
		return new Customer(jdbc.sql("select id from customer where corp_id = :corp and external_userid = :ext and "
				+ CustomerScope.system()).param("ext", external).value(Long.class).orElseThrow(), false);
	}

	private record Customer(long id, boolean created) {
	}
}
