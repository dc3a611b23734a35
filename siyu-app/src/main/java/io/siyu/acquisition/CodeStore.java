package io.siyu.acquisition;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.siyu.shared.NotFoundException;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/** Reads and writes codes through {@link TenantJdbc}: acq_code is scoped by its unit. */
@Component
class CodeStore {

	static final String COLUMNS = "c.id, c.kind, c.name, c.unit_id, u.name as unit_name, c.state, c.status, c.rotation,"
			+ " c.daily_cap, c.skip_verify, c.skip_from, c.skip_to, c.tag_ids, c.welcome, c.cost_cents, c.batch_id,"
			+ " c.batch_label, c.qr_url, c.link_url, c.pushed_users, c.sync_error, c.created_at, c.retired_at, c.wecom_id,"
			+ " c.pushed_skip, c.rr_cursor";

	static final String FROM = " from acq_code c left join org_unit u on u.id = c.unit_id and u.corp_id = c.corp_id";

	private final TenantJdbc jdbc;

	CodeStore(TenantJdbc jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Row> find(long id) {
		return jdbc.sql("select " + COLUMNS + FROM + " where c.id = :id and c.corp_id = :corp and {scope:c.unit_id,-}")
			.param("id", id)
			.optional(CodeStore::row);
	}

	Row require(long id) {
		return find(id).orElseThrow(() -> new NotFoundException("error.acq.notFound", "Code " + id + " not found", id));
	}

	Optional<Row> byState(String state) {
		return jdbc.sql("select " + COLUMNS + FROM + " where c.state = :s and c.corp_id = :corp and {scope:c.unit_id,-}")
			.param("s", state)
			.optional(CodeStore::row);
	}

	LiveCode view(Row r) {
		List<CodeDraft.CodeMember> members = members(r.id());
		List<CodeDraft.ShiftSpec> shifts = jdbc.sql("select userid, day_of_week, start_time, end_time from acq_code_shift"
				+ " where corp_id = :corp and code_id = :id order by userid, day_of_week, start_time")
			.param("id", r.id())
			.list((rs, i) -> new CodeDraft.ShiftSpec(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)));
		List<LocalDate> holidays = holidays(r.id());
		return new LiveCode(r.id(), r.kind(), r.name(), r.unitId(), r.unitName(), r.state(), r.status(), r.rotation(),
				r.dailyCap(), r.autoAccept(), r.acceptFrom(), r.acceptTo(), members, shifts, holidays, r.tagIds(),
				Welcome.fromJson(r.welcome()), r.costCents(), r.batchId(), r.batchLabel(), r.qrUrl(), r.linkUrl(),
				r.pushedUsers(), r.syncError(), r.createdAt(), r.retiredAt());
	}

	List<CodeDraft.CodeMember> members(long codeId) {
		return jdbc.sql("select userid, backup from acq_code_staff where corp_id = :corp and code_id = :id order by position")
			.param("id", codeId)
			.list((rs, i) -> new CodeDraft.CodeMember(rs.getString(1), rs.getBoolean(2)));
	}

	List<LocalDate> holidays(long codeId) {
		return jdbc.sql("select holiday from acq_code_holiday where corp_id = :corp and code_id = :id order by holiday")
			.param("id", codeId)
			.list((rs, i) -> rs.getObject(1, LocalDate.class));
	}

	/** The staffing rules of a code. */
	CodeRules rules(Row r) {
		List<CodeRules.Member> members = members(r.id()).stream()
			.map(m -> new CodeRules.Member(m.userid(), m.backup()))
			.toList();
		List<CodeRules.Shift> shifts = jdbc.sql("select userid, day_of_week, start_time, end_time from acq_code_shift"
				+ " where corp_id = :corp and code_id = :id")
			.param("id", r.id())
			.list((rs, i) -> new CodeRules.Shift(rs.getString(1), DayOfWeek.of(rs.getInt(2)), LocalTime.parse(rs.getString(3)),
					LocalTime.parse(rs.getString(4))));
		CodeRules.AutoAccept accept = switch (r.autoAccept()) {
			case "NEVER" -> CodeRules.AutoAccept.NEVER;
			case "HOURS" -> new CodeRules.AutoAccept(CodeRules.AutoAccept.Mode.HOURS, LocalTime.parse(r.acceptFrom()),
					LocalTime.parse(r.acceptTo()));
			default -> CodeRules.AutoAccept.ALWAYS;
		};
		return new CodeRules(r.rotation(), r.dailyCap(), members, shifts, java.util.Set.copyOf(holidays(r.id())), accept);
	}

	Map<String, Integer> addsOn(long codeId, LocalDate day) {
		Map<String, Integer> adds = new HashMap<>();
		jdbc.sql("select userid, adds from acq_staff_day where corp_id = :corp and code_id = :id and stat_day = :d")
			.param("id", codeId)
			.param("d", day)
			.list((rs, i) -> adds.put(rs.getString(1), rs.getInt(2)));
		return adds;
	}

	static Row row(ResultSet rs, int i) throws SQLException {
		String tags = rs.getString("tag_ids");
		String pushed = rs.getString("pushed_users");
		return new Row(rs.getLong("id"), CodeKind.valueOf(rs.getString("kind")), rs.getString("name"),
				rs.getLong("unit_id"), rs.getString("unit_name"), rs.getString("state"),
				CodeStatus.valueOf(rs.getString("status")), Rotation.valueOf(rs.getString("rotation")),
				(Integer) rs.getObject("daily_cap", Integer.class), rs.getString("skip_verify"), rs.getString("skip_from"),
				rs.getString("skip_to"),
				tags == null || tags.isBlank() ? List.of() : Arrays.stream(tags.split(",")).map(Long::valueOf).toList(),
				rs.getString("welcome"), (Long) rs.getObject("cost_cents", Long.class),
				(Long) rs.getObject("batch_id", Long.class), rs.getString("batch_label"), rs.getString("qr_url"),
				rs.getString("link_url"), pushed == null || pushed.isBlank() ? List.of() : List.of(pushed.split(",")),
				rs.getString("sync_error"), Timestamps.get(rs, "created_at"), Timestamps.get(rs, "retired_at"),
				rs.getString("wecom_id"), (Boolean) rs.getObject("pushed_skip", Boolean.class), rs.getInt("rr_cursor"));
	}

	record Row(long id, CodeKind kind, String name, long unitId, String unitName, String state, CodeStatus status,
			Rotation rotation, Integer dailyCap, String autoAccept, String acceptFrom, String acceptTo, List<Long> tagIds,
			String welcome, Long costCents, Long batchId, String batchLabel, String qrUrl, String linkUrl,
			List<String> pushedUsers, String syncError, java.time.Instant createdAt, java.time.Instant retiredAt,
			String wecomId, Boolean pushedSkip, int cursor) {
	}
}
