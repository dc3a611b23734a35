package io.siyu.sidebar;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.customer.Timeline;
import io.siyu.customer.TimelineKinds;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Follow-up notes (跟进记录) a member writes about a customer. A note is a timeline event (kind {@code note}) and
 * therefore permanent: the timeline is append-only, so a note is corrected by writing another, never edited or
 * deleted — what a member recorded about a customer stays as they recorded it. Every note form carries a one-time
 * key; a second submission of the same form (a double tap, a retry after a lost answer) is recognised and not stored
 * again.
 */
@Service
class SidebarNotes {

	static final int MAX_LENGTH = 1000;

	private final Timeline timeline;

	private final TenantJdbc jdbc;

	private final JdbcClient plain;

	private final Clock clock;

	SidebarNotes(Timeline timeline, TenantJdbc jdbc, JdbcClient plain, Clock clock) {
		this.timeline = timeline;
		this.jdbc = jdbc;
		this.plain = plain;
		this.clock = clock;
	}

	/** Adds the note; returns false when this form was already submitted. Blank or too long: 400, nothing stored. */
	@Transactional
	boolean add(long customerId, String formKey, String text, String userid) {
		String note = text == null ? "" : text.strip();
		if (note.isEmpty() || note.codePointCount(0, note.length()) > MAX_LENGTH) {
			throw new BadRequestException("sidebar.note.length", "A note is 1–" + MAX_LENGTH + " characters", MAX_LENGTH);
		}
		if (formKey == null || !formKey.matches("[A-Za-z0-9\\-]{16,64}")) {
			throw new BadRequestException("sidebar.note.form", "Reload the page and write the note again");
		}
		int claimed = jdbc.sql("insert into sidebar_submission (corp_id, submit_key, created_at) values (:corp, :key, :now)"
				+ " on conflict do nothing")
			.param("key", formKey)
			.param("now", Timestamps.of(clock.instant()))
			.update();
		if (claimed == 0) {
			return false;
		}
		// the customer check inside append rolls the claimed key back with everything else when it fails
		timeline.append(customerId, TimelineKinds.NOTE, clock.instant(), userid, null, null, note);
		return true;
	}

	static String newFormKey() {
		return UUID.randomUUID().toString();
	}

	/** Keys only need to outlive a retry; a week is plenty. */
	@Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT10M")
	void forgetOldKeys() {
		plain.sql("delete from sidebar_submission where created_at < ?")
			.param(Timestamps.of(clock.instant().minus(Duration.ofDays(7))))
			.update();
	}
}
