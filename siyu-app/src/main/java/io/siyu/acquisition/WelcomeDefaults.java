package io.siyu.acquisition;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffPlacement;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Default welcome messages: the corp's ({@code userid} null) and each member's, used for adds without a code's own
 * welcome. Also the welcome outcomes (sent, missed …) for the console and reports.
 */
@Service
public class WelcomeDefaults {

	private final TenantJdbc jdbc;

	private final StaffDirectory staff;

	private final Clock clock;

	private final WelcomeChoice welcomes;

	WelcomeDefaults(TenantJdbc jdbc, StaffDirectory staff, Clock clock, WelcomeChoice welcomes) {
		this.welcomes = welcomes;
		this.jdbc = jdbc;
		this.staff = staff;
		this.clock = clock;
	}

	public Optional<Welcome> get(String userid) {
		Actors.require(Permission.CUSTOMERS_READ);
		return jdbc.sql("select content from acq_default_welcome where corp_id = :corp and userid = :u")
			.param("u", userid == null ? "" : userid)
			.value(String.class)
			.map(Welcome::fromJson);
	}

	/** Sets (or with an empty welcome, clears) the default of the corp or a member. */
	@Transactional
	public void set(String userid, Welcome welcome) {
		Actor actor = LiveCodes.requireWriter();
		if (userid == null && !actor.role().isCorpWide()) {
			throw new io.siyu.shared.ForbiddenException("Only corp-wide roles set the corp's welcome");
		}
		if (userid != null) {
			StaffPlacement p = staff.placements(List.of(userid)).get(userid);
			if (p == null) {
				throw new BadRequestException("error.acq.unknownMember", "Unknown or inactive member " + userid, userid);
			}
		}
		String key = userid == null ? "" : userid;
		jdbc.sql("delete from acq_default_welcome where corp_id = :corp and userid = :u").param("u", key).update();
		welcomes.forget(actor.requireCorp());
		if (welcome == null || welcome.isEmpty()) {
			return;
		}
		welcome.validate();
		jdbc.sql("insert into acq_default_welcome (corp_id, userid, content) values (:corp, :u, :c)")
			.param("u", key)
			.param("c", welcome.toJson())
			.update();
	}

	/** Welcome outcomes since {@code since}: status → count (SENT, MISSED, USED, FAILED, UNKNOWN, PENDING, SENDING). */
	public Map<String, Long> outcomes(Instant since) {
		Actors.require(Permission.CUSTOMERS_READ);
		Map<String, Long> out = new LinkedHashMap<>();
		for (String s : List.of("SENT", "MISSED", "USED", "FAILED", "UNKNOWN", "PENDING", "SENDING")) {
			out.put(s, 0L);
		}
		jdbc.sql("select status, count(*) from acq_welcome where corp_id = :corp and issued_at >= :since group by status")
			.param("since", Timestamps.of(since == null ? clock.instant().minusSeconds(30L * 86400) : since))
			.list((rs, i) -> out.put(rs.getString(1), rs.getLong(2)));
		return out;
	}
}
