package io.siyu.acquisition;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.siyu.customer.CustomerFollowed;
import io.siyu.customer.CustomerUnfollowed;
import io.siyu.customer.Timeline;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffPlacement;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * A customer arrived through a code: recorded once per add in the transaction of the callback (the arrival row's
 * unique key makes a repeated callback a no-op), counted for caps and rotation, put on the customer's timeline with the
 * channel, and announced ({@link ChannelArrived}) so tags are applied after commit. Adds through a paused code are
 * attributed but not tagged; the state stays on the follow relation for ever (customer module).
 */
@Component
class Arrivals {

	static final String TIMELINE_KIND = "channel_arrived";

	private final TenantJdbc jdbc;

	private final CodeStore store;

	private final Timeline timeline;

	private final ApplicationEventPublisher events;

	private final StaffDirectory staff;

	Arrivals(TenantJdbc jdbc, CodeStore store, Timeline timeline, ApplicationEventPublisher events, StaffDirectory staff) {
		this.staff = staff;
		this.jdbc = jdbc;
		this.store = store;
		this.timeline = timeline;
		this.events = events;
	}

	@EventListener
	@Order(5)
	void on(CustomerFollowed followed) {
		if (followed.state() == null || followed.state().isBlank()) {
			return;
		}
		Actors.runAs(Actor.system(followed.corpId()), () -> {
			Optional<CodeStore.Row> found = store.byState(followed.state());
			if (found.isEmpty()) {
				return;
			}
			CodeStore.Row code = found.get();
			// serialises the arrivals of one code (counts and round-robin cursor)
			jdbc.sql("select id from acq_code where id = :id and corp_id = :corp and {scope:unit_id,-} for update")
				.param("id", code.id())
				.value(Long.class);
			LocalDate day = LocalDate.ofInstant(followed.at(), CodePush.CHINA);
			StaffPlacement placement = staff.placements(List.of(followed.userid())).get(followed.userid());
			Long unitId = placement == null ? null : placement.orgUnitId();
			int inserted = jdbc.sql("insert into acq_arrival (corp_id, code_id, customer_id, external_userid, userid, staff_id,"
					+ " unit_id, added_at, add_day) values (:corp, :code, :c, :ext, :u, :s, :unit, :at, :day) on conflict do nothing")
				.param("code", code.id())
				.param("c", followed.customerId())
				.param("ext", followed.externalUserId())
				.param("u", followed.userid())
				.param("s", followed.staffId())
				.param("unit", unitId)
				.param("at", Timestamps.of(followed.at()))
				.param("day", day)
				.update();
			if (inserted == 0) {
				return;
			}
			count(code.id(), followed.userid(), day);
			List<String> members = store.members(code.id()).stream().map(CodeDraft.CodeMember::userid).toList();
			jdbc.sql("update acq_code set rr_cursor = :p where id = :id and corp_id = :corp and {scope:unit_id,-}")
				.param("p", members.indexOf(followed.userid()))
				.param("id", code.id())
				.update();
			timeline.append(followed.customerId(), TIMELINE_KIND, followed.at(), followed.userid(), followed.state(), null,
					code.name());
			if (code.status() == CodeStatus.ACTIVE) {
				events.publishEvent(new ChannelArrived(followed.corpId(), code.id(), code.kind(), code.state(),
						followed.customerId(), followed.externalUserId(), followed.userid(), code.tagIds(), followed.at()));
			}
			events.publishEvent(new CodePush.ArrivalRecorded(followed.corpId(), code.id()));
		});
	}

	/** Net adds and retention: the arrival's relation ended. */
	@EventListener
	void on(CustomerUnfollowed lost) {
		Actors.runAs(Actor.system(lost.corpId()), () -> jdbc.sql("update acq_arrival set lost_at = :at where corp_id = :corp"
				+ " and external_userid = :ext and userid = :u and lost_at is null and added_at <= :at")
			.param("at", Timestamps.of(lost.at()))
			.param("ext", lost.externalUserId())
			.param("u", lost.userid())
			.update());
	}

	private void count(long codeId, String userid, LocalDate day) {
		int updated = jdbc.sql("update acq_staff_day set adds = adds + 1 where corp_id = :corp and code_id = :code"
				+ " and userid = :u and stat_day = :d").param("code", codeId).param("u", userid).param("d", day).update();
		if (updated == 0) {
			jdbc.sql("insert into acq_staff_day (corp_id, code_id, userid, stat_day, adds) values (:corp, :code, :u, :d, 1)")
				.param("code", codeId).param("u", userid).param("d", day).update();
		}
	}

	static Instant dayStart(LocalDate day) {
		return day.atStartOfDay(CodePush.CHINA).toInstant();
	}
}
