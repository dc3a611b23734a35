package io.siyu.handover;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.community.CustomerGroups;
import io.siyu.community.GroupFilter;
import io.siyu.community.GroupView;
import io.siyu.customer.RelationTransfers;
import io.siyu.organization.Staff;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffStatus;
import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.RuleViolationException;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Transfers within the actor's scope: both members must be visible to the actor (a store manager transfers only within
 * their store), the customers must be the handover member's, and WeCom's rules are checked before anything is sent:
 * a resigned transfer needs a resigned member, an on-job one an active member; the heir must be active; a customer
 * allows at most {@value #PER_90_DAYS} on-job transfers in 90 days and one at a time.
 */
@Service
public class Handovers {

	public static final int PER_90_DAYS = 2;

	public static final int MESSAGE_MAX = 200;

	static final int MAX_CUSTOMERS = 20_000;

	private final TenantJdbc jdbc;

	private final StaffDirectory staff;

	private final RelationTransfers relations;

	private final CustomerGroups groups;

	private final Auditor auditor;

	private final ApplicationEventPublisher events;

	private final HandoverSettings settings;

	private final Clock clock;

	Handovers(TenantJdbc jdbc, StaffDirectory staff, RelationTransfers relations, CustomerGroups groups,
			Auditor auditor, ApplicationEventPublisher events, HandoverSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.staff = staff;
		this.relations = relations;
		this.groups = groups;
		this.auditor = auditor;
		this.events = events;
		this.settings = settings;
		this.clock = clock;
	}

	/** The customers the member can hand over (newest first). */
	public List<RelationTransfers.Transferable> customersOf(long staffId) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		return relations.of(staff.get(staffId).userid(), MAX_CUSTOMERS);
	}

	/** The live groups the member owns. */
	public List<GroupView> groupsOf(long staffId) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		staff.get(staffId);
		List<GroupView> all = new ArrayList<>();
		for (int page = 0;; page++) {
			Page<GroupView> p = groups.list(new GroupFilter(null, staffId, null, false), new PageQuery(page, 200));
			all.addAll(p.items());
			if (!p.hasNext()) {
				return all;
			}
		}
	}

	@Transactional
	public long start(HandoverRequest request) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		Actors.require(Permission.STAFF_WRITE);
		if (request.kind() == null || request.fromStaffId() == null || request.toStaffId() == null) {
			throw new BadRequestException("error.transfer.missing", "A kind, a handover member and a receiving member are required");
		}
		if (request.fromStaffId().equals(request.toStaffId())) {
			throw new BadRequestException("error.transfer.same", "The receiving member must be someone else");
		}
		String message = request.message() == null ? null : request.message().strip();
		if (message != null && message.codePointCount(0, message.length()) > MESSAGE_MAX) {
			throw new BadRequestException("error.transfer.messageTooLong", "The message is at most " + MESSAGE_MAX
					+ " characters", MESSAGE_MAX);
		}
		Staff from = staff.get(request.fromStaffId());
		Staff to = staff.get(request.toStaffId());
		if (to.status() != StaffStatus.ACTIVE) {
			throw new RuleViolationException("error.transfer.heirInactive", "The receiving member must be active");
		}
		if (request.kind() == HandoverKind.RESIGNED && from.status() != StaffStatus.RESIGNED) {
			throw new RuleViolationException("error.transfer.notResigned",
					"A resigned transfer (离职继承) needs a member who has resigned; use an on-job transfer");
		}
		if (request.kind() == HandoverKind.ON_JOB && from.status() != StaffStatus.ACTIVE) {
			throw new RuleViolationException("error.transfer.resigned",
					"The member has resigned; use a resigned transfer (离职继承)");
		}
		List<RelationTransfers.Transferable> customers = chooseCustomers(request, from);
		List<GroupView> chats = chooseGroups(request, from);
		if (customers.isEmpty() && chats.isEmpty()) {
			throw new BadRequestException("error.transfer.nothing", "Choose at least one customer or group");
		}
		// the history of other transfers is bookkeeping across the corp; the customers themselves were checked above
		Map<Long, String> blocked = request.kind() == HandoverKind.ON_JOB
				? Actors.callAs(Actors.require().onBehalfAsSystem(), () -> overLimit(customers)) : Map.of();
		if (chats.isEmpty() && blocked.size() == customers.size()) {
			throw new RuleViolationException("error.transfer.limit90", "WeCom allows a customer at most " + PER_90_DAYS
					+ " on-job transfers in 90 days, one at a time: none of the chosen customers can be transferred now",
					PER_90_DAYS);
		}
		Instant now = clock.instant();
		long id = jdbc.sql("insert into handover (corp_id, kind, handover_userid, handover_name, staff_id, unit_id,"
				+ " takeover_userid, takeover_name, takeover_staff_id, message, status, created_by, created_at, next_poll_at)"
				+ " values (:corp, :kind, :from, :fromName, :fromId, :unit, :to, :toName, :toId, :message, 'RUNNING',"
				+ " :by, :now, :poll)")
			.param("kind", request.kind().name())
			.param("from", from.userid())
			.param("fromName", from.name())
			.param("fromId", from.id())
			.param("unit", from.orgUnitId())
			.param("to", to.userid())
			.param("toName", to.name())
			.param("toId", to.id())
			.param("message", message == null || message.isEmpty() ? null : message)
			.param("by", Actors.require().principal())
			.param("now", Timestamps.of(now))
			.param("poll", Timestamps.of(now.plus(settings.poll())))
			.insert();
		List<Map<String, Object>> rows = new ArrayList<>();
		for (RelationTransfers.Transferable c : customers) {
			Map<String, Object> row = new HashMap<>();
			row.put("h", id);
			row.put("customer", c.customerId());
			row.put("ext", c.externalUserId());
			row.put("name", c.remark() != null && !c.remark().isBlank() ? c.remark() : c.name());
			row.put("status", blocked.containsKey(c.customerId()) ? ItemStatus.OVER_LIMIT.name() : ItemStatus.PENDING.name());
			row.put("errcode", blocked.containsKey(c.customerId()) ? 45035 : null);
			row.put("now", Timestamps.of(now));
			rows.add(row);
		}
		jdbc.sql("insert into handover_customer (corp_id, handover_id, customer_id, external_userid, customer_name,"
				+ " status, errcode, updated_at) values (:corp, :h, :customer, :ext, :name, :status, :errcode, :now)")
			.batch(rows);
		List<Map<String, Object>> groupRows = new ArrayList<>();
		for (GroupView g : chats) {
			Map<String, Object> row = new HashMap<>();
			row.put("h", id);
			row.put("chat", g.chatId());
			row.put("name", g.name());
			row.put("now", Timestamps.of(now));
			groupRows.add(row);
		}
		jdbc.sql("insert into handover_group (corp_id, handover_id, chat_id, group_name, status, updated_at)"
				+ " values (:corp, :h, :chat, :name, 'PENDING', :now)").batch(groupRows);
		auditor.record("handover.started", "handover", id, request.kind() + " " + from.userid() + " → " + to.userid()
				+ ": " + customers.size() + " customers (" + blocked.size() + " over WeCom's limit), " + chats.size()
				+ " groups");
		events.publishEvent(new HandoverStarted(Actors.require().requireCorp(), id));
		return id;
	}

	public Page<Handover> list(PageQuery page) {
		Actors.require(Permission.CUSTOMERS_READ);
		long total = jdbc.sql("select count(*) from handover h where h.corp_id = :corp and {scope:h.unit_id,h.staff_id}")
			.count();
		List<Handover> items = jdbc.sql("select h.* from handover h where h.corp_id = :corp"
				+ " and {scope:h.unit_id,h.staff_id} order by h.created_at desc, h.id desc limit :limit offset :offset")
			.param("limit", page.size())
			.param("offset", page.offset())
			.list(this::map);
		return page.with(items, total);
	}

	public Handover get(long id) {
		Actors.require(Permission.CUSTOMERS_READ);
		return jdbc.sql("select h.* from handover h where h.id = :id and h.corp_id = :corp and {scope:h.unit_id,h.staff_id}")
			.param("id", id)
			.optional(this::map)
			.orElseThrow(() -> new NotFoundException("Transfer " + id + " not found"));
	}

	public Page<HandoverCustomer> customers(long id, ItemStatus status, PageQuery page) {
		get(id);
		String where = " where corp_id = :corp and handover_id = :h" + (status == null ? "" : " and status = :status");
		TenantJdbc.Statement count = jdbc.sql("select count(*) from handover_customer" + where).param("h", id);
		TenantJdbc.Statement rows = jdbc.sql("select * from handover_customer" + where
				+ " order by updated_at desc, external_userid limit :limit offset :offset").param("h", id)
			.param("limit", page.size()).param("offset", page.offset());
		if (status != null) {
			count.param("status", status.name());
			rows.param("status", status.name());
		}
		Duration takeover = settings.takeover();
		return page.with(rows.list((rs, i) -> {
			Instant started = Timestamps.get(rs, "started_at");
			ItemStatus s = ItemStatus.valueOf(rs.getString("status"));
			return new HandoverCustomer(rs.getLong("customer_id"), rs.getString("external_userid"),
					rs.getString("customer_name"), s, (Integer) rs.getObject("errcode"), started,
					started == null || s != ItemStatus.WAITING ? null : started.plus(takeover), Timestamps.get(rs, "done_at"));
		}), count.count());
	}

	public List<HandoverGroup> groups(long id) {
		get(id);
		return jdbc.sql("select chat_id, group_name, status, errcode from handover_group where corp_id = :corp"
				+ " and handover_id = :h order by chat_id").param("h", id)
			.list((rs, i) -> new HandoverGroup(rs.getString(1), rs.getString(2), ItemStatus.valueOf(rs.getString(3)),
					(Integer) rs.getObject(4)));
	}

	private List<RelationTransfers.Transferable> chooseCustomers(HandoverRequest request, Staff from) {
		if (!request.allCustomers() && request.customerIds().isEmpty()) {
			return List.of();
		}
		List<RelationTransfers.Transferable> candidates = relations.of(from.userid(), MAX_CUSTOMERS);
		if (request.allCustomers()) {
			return candidates;
		}
		Map<Long, RelationTransfers.Transferable> byId = new LinkedHashMap<>();
		candidates.forEach(c -> byId.put(c.customerId(), c));
		List<RelationTransfers.Transferable> chosen = new ArrayList<>();
		for (long customerId : Set.copyOf(request.customerIds())) {
			RelationTransfers.Transferable c = byId.get(customerId);
			if (c == null) {
				throw new BadRequestException("error.transfer.notTheirCustomer", "Customer " + customerId
						+ " is not a customer " + from.name() + " can hand over", customerId);
			}
			chosen.add(c);
		}
		return chosen;
	}

	private List<GroupView> chooseGroups(HandoverRequest request, Staff from) {
		if (!request.allGroups() && request.chatIds().isEmpty()) {
			return List.of();
		}
		List<GroupView> owned = groupsOf(from.id());
		if (request.allGroups()) {
			return owned;
		}
		Map<String, GroupView> byChat = new LinkedHashMap<>();
		owned.forEach(g -> byChat.put(g.chatId(), g));
		List<GroupView> chosen = new ArrayList<>();
		for (String chatId : Set.copyOf(request.chatIds())) {
			GroupView g = byChat.get(chatId);
			if (g == null) {
				throw new BadRequestException("error.transfer.notTheirGroup", "Group " + chatId + " is not owned by "
						+ from.name(), chatId);
			}
			chosen.add(g);
		}
		return chosen;
	}

	/**
	 * Customers WeCom would refuse: {@value #PER_90_DAYS} on-job transfers started in the last 90 days that the
	 * customer did not refuse, or one still waiting. Customer id → reason.
	 */
	private Map<Long, String> overLimit(List<RelationTransfers.Transferable> customers) {
		Map<Long, String> blocked = new HashMap<>();
		if (customers.isEmpty()) {
			return blocked;
		}
		Instant since = clock.instant().minus(Duration.ofDays(90));
		List<Long> ids = customers.stream().map(RelationTransfers.Transferable::customerId).toList();
		for (int from = 0; from < ids.size(); from += 1000) {
			jdbc.sql("select i.customer_id, sum(case when i.status = 'WAITING' then 1 else 0 end) as waiting, count(*) as n"
					+ " from handover_customer i join handover h on h.id = i.handover_id and h.corp_id = :corp"
					+ " where i.corp_id = :corp and h.kind = 'ON_JOB' and i.customer_id in (:ids)"
					+ " and i.status in ('WAITING', 'DONE') and i.started_at >= :since and {unscoped}"
					+ " group by i.customer_id")
				.param("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
				.param("since", Timestamps.of(since))
				.list((rs, i) -> {
					if (rs.getLong("waiting") > 0 || rs.getLong("n") >= PER_90_DAYS) {
						blocked.put(rs.getLong(1), rs.getLong("waiting") > 0 ? "waiting" : "limit");
					}
					return null;
				});
		}
		return blocked;
	}

	private Handover map(ResultSet rs, int row) throws SQLException {
		long id = rs.getLong("id");
		return new Handover(id, HandoverKind.valueOf(rs.getString("kind")), rs.getString("handover_userid"),
				rs.getString("handover_name"), rs.getString("takeover_userid"), rs.getString("takeover_name"),
				rs.getString("message"), rs.getString("status"), rs.getString("created_by"),
				Timestamps.get(rs, "created_at"), Timestamps.get(rs, "finished_at"), counts("handover_customer", id),
				counts("handover_group", id));
	}

	private Map<ItemStatus, Long> counts(String table, long id) {
		Map<ItemStatus, Long> counts = new EnumMap<>(ItemStatus.class);
		jdbc.sql("select status, count(*) from " + table + " where corp_id = :corp and handover_id = :h group by status")
			.param("h", id)
			.list((rs, i) -> counts.put(ItemStatus.valueOf(rs.getString(1)), rs.getLong(2)));
		return counts;
	}
}
