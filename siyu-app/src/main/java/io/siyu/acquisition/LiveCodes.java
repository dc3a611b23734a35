package io.siyu.acquisition;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.organization.OrgUnit;
import io.siyu.organization.OrgUnitKind;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.Staff;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffFilter;
import io.siyu.organization.StaffPlacement;
import io.siyu.organization.StaffStatus;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.ConflictException;
import io.siyu.shared.ForbiddenException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.RuleViolationException;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.tagging.TagCatalog;

/**
 * Live codes: channel, store and parcel codes on WeCom contact ways, and acquisition links. Input is checked completely
 * before anything is stored or sent (400 with the reason); WeCom's contact-way cap is respected before asking WeCom
 * (422). Codes are never deleted: retiring deletes the contact way and keeps history and attribution.
 */
@Service
public class LiveCodes {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final TenantJdbc jdbc;

	private final CodeStore store;

	private final CodePush push;

	private final StaffDirectory staff;

	private final OrgUnits units;

	private final TagCatalog tags;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final AcquisitionSettings settings;

	private final org.springframework.jdbc.core.simple.JdbcClient platform;

	private final WelcomeChoice welcomes;

	LiveCodes(org.springframework.jdbc.core.simple.JdbcClient platform, TenantJdbc jdbc, CodeStore store, CodePush push, StaffDirectory staff, OrgUnits units, TagCatalog tags,
			TransactionTemplate tx, Clock clock, AcquisitionSettings settings, WelcomeChoice welcomes) {
		this.welcomes = welcomes;
		this.jdbc = jdbc;
		this.store = store;
		this.push = push;
		this.staff = staff;
		this.units = units;
		this.tags = tags;
		this.tx = tx;
		this.clock = clock;
		this.settings = settings;
		this.platform = platform;
	}

	public LiveCode get(long id) {
		Actors.require(Permission.CUSTOMERS_READ);
		return store.view(store.require(id));
	}

	public Page<LiveCode> list(CodeFilter filter, PageQuery page) {
		Actors.require(Permission.CUSTOMERS_READ);
		String where = " where c.corp_id = :corp and c.kind = :kind and {scope:c.unit_id,-}"
				+ (filter.q() == null || filter.q().isBlank() ? "" : " and lower(c.name) like :q")
				+ (filter.status() == null ? "" : " and c.status = :status")
				+ (filter.batchId() == null ? "" : " and c.batch_id = :batch")
				+ (filter.unitId() == null ? "" : " and c.unit_id in (select x.id from org_unit x join org_unit y on"
						+ " x.path like y.path || '%' where y.id = :unit and y.corp_id = :corp and x.corp_id = :corp)");
		long total = bind(jdbc.sql("select count(*) from acq_code c" + where), filter).count();
		List<LiveCode> items = bind(jdbc.sql("select " + CodeStore.COLUMNS + CodeStore.FROM + where
				+ " order by c.id desc limit :limit offset :offset"), filter)
			.param("limit", page.size())
			.param("offset", page.offset())
			.list(CodeStore::row)
			.stream()
			.map(store::view)
			.toList();
		return page.with(items, total);
	}

	private static TenantJdbc.Statement bind(TenantJdbc.Statement s, CodeFilter f) {
		return s.param("kind", (f.kind() == null ? CodeKind.CHANNEL : f.kind()).name())
			.param("q", f.q() == null ? null : "%" + f.q().strip().toLowerCase() + "%")
			.param("status", f.status() == null ? null : f.status().name())
			.param("batch", f.batchId())
			.param("unit", f.unitId());
	}

	/** Creates a code and its contact way (or link) in WeCom. */
	public LiveCode create(CodeKind kind, CodeDraft draft) {
		requireWriter();
		CodeDraft checked = validate(kind, draft);
		checkQuota(1);
		long id = tx.execute(s -> insert(kind, checked, null, null));
		push.createInWeCom(Actors.require().requireCorp(), id);
		return get(id);
	}

	/** A batch of parcel / campaign codes with the same rules, one per label (SKU, shop, campaign), each its own state. */
	public Batch createBatch(String name, CodeDraft draft, List<String> labels) {
		requireWriter();
		List<String> clean = labels == null ? List.of() : labels.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
		if (clean.isEmpty() || clean.size() > 500) {
			throw new BadRequestException("error.acq.batchLabels", "A batch needs 1 to 500 labels");
		}
		if (new HashSet<>(clean).size() != clean.size()) {
			throw new BadRequestException("error.acq.batchDuplicate", "Labels of a batch must be distinct");
		}
		if (clean.stream().anyMatch(l -> l.length() > 100)) {
			throw new BadRequestException("error.acq.labelLong", "A label is at most 100 characters");
		}
		CodeDraft checked = validate(CodeKind.PARCEL, new CodeDraft(name, draft.unitId(), draft.rotation(),
				draft.dailyCap(), draft.autoAccept(), draft.acceptFrom(), draft.acceptTo(), draft.members(), draft.shifts(),
				draft.holidays(), draft.tagIds(), draft.welcome(), draft.costCents()));
		checkQuota(clean.size());
		long corp = Actors.require().requireCorp();
		List<Long> ids = new ArrayList<>();
		long batchId = tx.execute(s -> {
			long b = jdbc.sql("insert into acq_batch (corp_id, name, unit_id, created_at) values (:corp, :n, :u, :t)")
				.param("n", checked.name())
				.param("u", checked.unitId())
				.param("t", Timestamps.of(clock.instant()))
				.insert();
			for (String label : clean) {
				ids.add(insert(CodeKind.PARCEL, checked, b, label));
			}
			return b;
		});
		for (long id : ids) {
			push.createInWeCom(corp, id);
		}
		return new Batch(batchId, checked.name(), ids.stream().map(this::get).toList());
	}

	public record Batch(long id, String name, List<LiveCode> codes) {
	}

	public LiveCode update(long id, CodeDraft draft) {
		requireWriter();
		CodeStore.Row row = store.require(id);
		if (row.status() == CodeStatus.RETIRED) {
			throw new ConflictException("error.acq.retired", "A retired code cannot be changed");
		}
		CodeDraft checked = validate(row.kind(), draft);
		tx.executeWithoutResult(s -> {
			bindDraft(jdbc.sql("update acq_code set name = :name, unit_id = :unit, rotation = :rot, daily_cap = :cap,"
					+ " skip_verify = :skip, skip_from = :from, skip_to = :to, tag_ids = :tags, welcome = :welcome,"
					+ " cost_cents = :cost, updated_at = :now, rr_cursor = -1 where id = :id and corp_id = :corp and {scope:unit_id,-}"), checked)
				.param("id", id)
				.update();
			writeRules(id, checked);
			welcomes.forget(Actors.require().requireCorp()); // the code's welcome may have changed
		});
		push.push(Actors.require().requireCorp(), id);
		return get(id);
	}

	public LiveCode pause(long id) {
		return setStatus(id, CodeStatus.ACTIVE, CodeStatus.PAUSED);
	}

	public LiveCode resume(long id) {
		return setStatus(id, CodeStatus.PAUSED, CodeStatus.ACTIVE);
	}

	/** Deletes the contact way (or link) in WeCom; the code stays with its history. */
	public LiveCode retire(long id) {
		requireWriter();
		CodeStore.Row row = store.require(id);
		if (row.status() == CodeStatus.RETIRED) {
			return store.view(row);
		}
		push.deleteInWeCom(Actors.require().requireCorp(), row);
		tx.executeWithoutResult(s -> {
			jdbc.sql("update acq_code set status = 'RETIRED', retired_at = :now, updated_at = :now"
					+ " where id = :id and corp_id = :corp and {scope:unit_id,-}").param("id", id).param("now", Timestamps.of(clock.instant())).update();
			welcomes.forget(Actors.require().requireCorp()); // a retired code's adds get the default welcome
		});
		return get(id);
	}

	private LiveCode setStatus(long id, CodeStatus from, CodeStatus to) {
		requireWriter();
		CodeStore.Row row = store.require(id);
		if (row.status() == to) {
			return store.view(row);
		}
		if (row.status() != from) {
			throw new ConflictException("error.acq.status", "The code is " + row.status(), row.status());
		}
		tx.executeWithoutResult(s -> {
			jdbc.sql("update acq_code set status = :to, updated_at = :now where id = :id"
					+ " and corp_id = :corp and status = :from and {scope:unit_id,-}")
				.param("to", to.name())
				.param("from", from.name())
				.param("id", id)
				.param("now", Timestamps.of(clock.instant()))
				.update();
			welcomes.forget(Actors.require().requireCorp()); // a paused code's adds get the default welcome
		});
		return get(id);
	}

	private long insert(CodeKind kind, CodeDraft d, Long batchId, String label) {
		Timestamp now = Timestamps.of(clock.instant());
		long id = bindDraft(jdbc.sql("insert into acq_code (corp_id, kind, name, unit_id, state, status, rotation, daily_cap,"
				+ " skip_verify, skip_from, skip_to, tag_ids, welcome, cost_cents, batch_id, batch_label, created_at, updated_at)"
				+ " values (:corp, :kind, :name, :unit, :state, 'ACTIVE', :rot, :cap, :skip, :from, :to, :tags, :welcome,"
				+ " :cost, :batch, :label, :now, :now)"), d)
			.param("kind", kind.name())
			.param("state", newState(kind))
			.param("batch", batchId)
			.param("label", label)
			.param("now", now)
			.insert();
		if (label != null) {
			jdbc.sql("update acq_code set name = :n where id = :id and corp_id = :corp and {scope:unit_id,-}")
				.param("n", truncate(d.name() + " · " + label, 100))
				.param("id", id)
				.update();
		}
		writeRules(id, d);
		return id;
	}

	private TenantJdbc.Statement bindDraft(TenantJdbc.Statement s, CodeDraft d) {
		return s.param("name", d.name())
			.param("unit", d.unitId())
			.param("rot", d.rotation().name())
			.param("cap", d.dailyCap())
			.param("skip", d.autoAccept())
			.param("from", d.acceptFrom())
			.param("to", d.acceptTo())
			.param("tags", d.tagIds().stream().map(String::valueOf).collect(Collectors.joining(",")))
			.param("welcome", d.welcome() == null ? null : d.welcome().toJson())
			.param("cost", d.costCents())
			.param("now", Timestamps.of(clock.instant()));
	}

	private void writeRules(long id, CodeDraft d) {
		for (String table : List.of("acq_code_staff", "acq_code_shift", "acq_code_holiday")) {
			jdbc.sql("delete from " + table + " where corp_id = :corp and code_id = :id").param("id", id).update();
		}
		for (int i = 0; i < d.members().size(); i++) {
			jdbc.sql("insert into acq_code_staff (corp_id, code_id, userid, position, backup) values (:corp, :id, :u, :p, :b)")
				.param("id", id)
				.param("u", d.members().get(i).userid())
				.param("p", i)
				.param("b", d.members().get(i).backup())
				.update();
		}
		for (CodeDraft.ShiftSpec s : d.shifts()) {
			jdbc.sql("insert into acq_code_shift (corp_id, code_id, userid, day_of_week, start_time, end_time)"
					+ " values (:corp, :id, :u, :d, :s, :e)")
				.param("id", id)
				.param("u", s.userid())
				.param("d", s.day())
				.param("s", s.start())
				.param("e", s.end())
				.update();
		}
		for (java.time.LocalDate day : new java.util.TreeSet<>(d.holidays())) {
			jdbc.sql("insert into acq_code_holiday (corp_id, code_id, holiday) values (:corp, :id, :d)")
				.param("id", id)
				.param("d", day)
				.update();
		}
	}

	private static String newState(CodeKind kind) {
		String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
		StringBuilder s = new StringBuilder(kind.prefix).append('-');
		for (int i = 0; i < 14; i++) {
			s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
		}
		return s.toString();
	}

	/** WeCom allows 500,000 contact ways and join ways per corp: refuse the code rather than fail half-way. */
	private void checkQuota(int more) {
		// the cap is the corp's, whatever part of it the actor sees
		long corp = Actors.require().requireCorp();
		long used = platform.sql("select (select count(*) from acq_code where corp_id = ? and status <> 'RETIRED'"
				+ " and kind <> 'LINK') + (select count(*) from acq_group_code where corp_id = ? and status <> 'RETIRED')")
			.params(corp, corp).query(Long.class).single();
		if (used + more > settings.contactWayCap()) {
			throw new RuleViolationException("error.acq.quota", "WeCom allows " + settings.contactWayCap()
					+ " contact ways per corp; " + used + " are in use. Retire codes you no longer print.",
					settings.contactWayCap(), used);
		}
	}

	static Actor requireWriter() {
		Actor actor = Actors.require(Permission.CUSTOMERS_WRITE);
		if (actor.role() == io.siyu.shared.Role.GUIDE) {
			throw new ForbiddenException("Guides cannot manage live codes");
		}
		return actor;
	}

	/** Every rule of the draft, with defaults filled in (store codes default to the store's active staff). */
	private CodeDraft validate(CodeKind kind, CodeDraft d) {
		if (d == null) {
			throw new BadRequestException("error.acq.body", "A code needs a body");
		}
		String name = d.name() == null ? "" : d.name().strip();
		if (name.isEmpty() || name.length() > 100) {
			throw new BadRequestException("error.acq.name", "A name of 1 to 100 characters is required");
		}
		if (d.unitId() == null) {
			throw new BadRequestException("error.acq.unit", "An org unit is required");
		}
		OrgUnit unit;
		try {
			unit = units.get(d.unitId());
		}
		catch (NotFoundException e) {
			throw new BadRequestException("error.acq.unknownUnit", "Unknown org unit " + d.unitId(), d.unitId());
		}
		if (kind == CodeKind.STORE && unit.kind() != OrgUnitKind.STORE) {
			throw new BadRequestException("error.acq.notStore", "A store code belongs to a store");
		}
		List<CodeDraft.CodeMember> members = d.members();
		if (members.isEmpty() && kind == CodeKind.STORE) {
			members = staff.list(new StaffFilter(null, unit.id(), StaffStatus.ACTIVE, null), new PageQuery(0, 100))
				.items()
				.stream()
				.map(s -> new CodeDraft.CodeMember(s.userid(), false))
				.toList();
		}
		int max = kind == CodeKind.LINK ? 500 : 100;
		if (members.isEmpty() || members.size() > max) {
			throw new BadRequestException("error.acq.members", "A code needs 1 to " + max + " members", max);
		}
		Set<String> userids = new HashSet<>();
		for (CodeDraft.CodeMember m : members) {
			if (m == null || m.userid() == null || !userids.add(m.userid())) {
				throw new BadRequestException("error.acq.memberDuplicate", "Members must be distinct userids");
			}
		}
		if (members.stream().allMatch(CodeDraft.CodeMember::backup)) {
			throw new BadRequestException("error.acq.noPrimary", "At least one member must not be a backup");
		}
		Map<String, StaffPlacement> found = staff.placements(userids);
		for (String u : userids) {
			StaffPlacement p = found.get(u);
			if (p == null || p.status() != StaffStatus.ACTIVE) {
				throw new BadRequestException("error.acq.unknownMember", "Unknown or inactive member " + u, u);
			}
		}
		if (d.dailyCap() != null && (d.dailyCap() < 1 || d.dailyCap() > 100_000)) {
			throw new BadRequestException("error.acq.cap", "A daily cap is between 1 and 100000");
		}
		String accept = d.autoAccept() == null ? "ALWAYS" : d.autoAccept();
		String from = null;
		String to = null;
		switch (accept) {
			case "ALWAYS", "NEVER" -> {
			}
			case "HOURS" -> {
				from = time(d.acceptFrom());
				to = time(d.acceptTo());
				if (from.equals(to)) {
					throw new BadRequestException("error.acq.hours", "Auto-accept hours need a from and a different to");
				}
			}
			default -> throw new BadRequestException("error.acq.autoAccept", "autoAccept is ALWAYS, NEVER or HOURS");
		}
		for (CodeDraft.ShiftSpec s : d.shifts()) {
			if (s == null || !userids.contains(s.userid())) {
				throw new BadRequestException("error.acq.shiftMember", "A shift names a member of the code");
			}
			if (s.day() < 1 || s.day() > 7) {
				throw new BadRequestException("error.acq.shiftDay", "A shift's day is 1 (Monday) to 7 (Sunday)");
			}
			if (time(s.start()).equals(time(s.end()))) {
				throw new BadRequestException("error.acq.shiftTimes", "A shift's start and end must differ");
			}
		}
		if (d.holidays().size() > 366) {
			throw new BadRequestException("error.acq.holidays", "At most 366 holidays");
		}
		if (d.tagIds().size() > 20) {
			throw new BadRequestException("error.acq.tags", "At most 20 tags per code");
		}
		tags.requireLive(d.tagIds());
		if (d.welcome() != null && !d.welcome().isEmpty()) {
			d.welcome().validate();
		}
		if (d.costCents() != null && d.costCents() < 0) {
			throw new BadRequestException("error.acq.cost", "A cost cannot be negative");
		}
		return new CodeDraft(name, unit.id(), d.rotation() == null ? Rotation.ROUND_ROBIN : d.rotation(), d.dailyCap(),
				accept, from, to, members, d.shifts(), d.holidays(), d.tagIds(),
				d.welcome() == null || d.welcome().isEmpty() ? null : d.welcome(), d.costCents());
	}

	private static String time(String hhmm) {
		try {
			return LocalTime.parse(hhmm == null ? "" : hhmm).toString();
		}
		catch (DateTimeParseException e) {
			throw new BadRequestException("error.acq.time", "Times are HH:mm, e.g. 09:00");
		}
	}

	private static String truncate(String s, int max) {
		return s.length() <= max ? s : s.substring(0, max);
	}

	/** Members of a store (for the console's store-code form). */
	public List<Staff> storeStaff(long unitId) {
		Actors.require(Permission.STAFF_READ);
		return staff.list(new StaffFilter(null, unitId, StaffStatus.ACTIVE, null), new PageQuery(0, PageQuery.MAX_SIZE)).items();
	}
}
