package io.siyu.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffPlacement;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.Database;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Customers of the current corp within the actor's data scope: the list with its filters, the 360° view, and the
 * few things people change on a customer directly (phone, merge).
 */
@Service
public class Customers {

	private static final String SUMMARY_COLUMNS = "c.id, c.external_userid, c.name, c.avatar, c.type, c.gender,"
			+ " c.corp_name, c.stage, c.first_added_at, c.first_state, c.active_follows, c.phone_masked";

	private final TenantJdbc jdbc;

	private final StaffDirectory staff;

	private final CustomerIdentities identities;

	private final CustomFields fields;

	private final Auditor auditor;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final ObjectProvider<CustomerListIndex> listIndex;

	private final long indexFrom;

	private final Database database;

	Customers(TenantJdbc jdbc, StaffDirectory staff, CustomerIdentities identities, CustomFields fields,
			Auditor auditor, ApplicationEventPublisher events, Clock clock,
			ObjectProvider<CustomerListIndex> listIndex,
			@Value("${siyu.customer.list.index-from:100000}") long indexFrom, Database database) {
		this.database = database;
		this.listIndex = listIndex;
		this.indexFrom = indexFrom;
		this.jdbc = jdbc;
		this.staff = staff;
		this.identities = identities;
		this.fields = fields;
		this.auditor = auditor;
		this.events = events;
		this.clock = clock;
	}

	public Page<CustomerSummary> list(CustomerFilter filter, PageQuery page) {
		Actors.require(Permission.CUSTOMERS_READ);
		CustomerQuery query = query(filter);
		CustomerListIndex index = listIndex.getIfAvailable();
		Optional<CustomerListIndex.Candidates> indexed = index == null ? Optional.empty()
				: index.candidates(filter, (int) Math.min(page.offset(), Integer.MAX_VALUE), page.size());
		if (indexed.isPresent()) {
			// a large corp: the count and the page's candidates from the in-memory index, the rows from the database
			List<Long> candidates = indexed.get().ids();
			List<CustomerSummary> rows = candidates.isEmpty() ? List.of()
					: jdbc.sql("select " + SUMMARY_COLUMNS + " from customer c where c.corp_id = :corp"
							+ " and c.merged_into is null and c.id in (:ids) and " + CustomerScope.visible("c.id")
							+ query.orderBy() + " limit :limit offset :offset")
						.param("ids", candidates)
						.param("limit", page.size())
						.param("offset", page.offset())
						.list(Customers::summary);
			return page.with(withRelations(rows), indexed.get().total());
		}
		long total = query.bind(jdbc.sql("select count(*) from customer c" + query.where())).count();
		if (index != null && total >= indexFrom) {
			index.warm(Actors.require().requireCorp());
		}
		List<CustomerSummary> rows = query.bind(jdbc.sql("select " + SUMMARY_COLUMNS + " from customer c" + query.where()
				+ query.orderBy() + " limit :limit offset :offset"))
			.param("limit", page.size())
			.param("offset", page.offset())
			.list(Customers::summary);
		return page.with(withRelations(rows), total);
	}

	/** Ids of every customer matching the filter (for bulk actions and exports), in list order, at most {@code max}. */
	public List<Long> ids(CustomerFilter filter, int max) {
		Actors.require(Permission.CUSTOMERS_READ);
		CustomerQuery query = query(filter);
		return query.bind(jdbc.sql("select c.id from customer c" + query.where() + query.orderBy() + " limit :max"))
			.param("max", max)
			.list((rs, i) -> rs.getLong(1));
	}

	/** How many customers match the filter. */
	public long count(CustomerFilter filter) {
		Actors.require(Permission.CUSTOMERS_READ);
		CustomerQuery query = query(filter);
		return query.bind(jdbc.sql("select count(*) from customer c" + query.where())).count();
	}

	/** Rows for these ids (visible ones only), in the given order: for exports and pages built elsewhere. */
	public List<CustomerSummary> summaries(List<Long> ids) {
		Actors.require(Permission.CUSTOMERS_READ);
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<Long, CustomerSummary> found = new HashMap<>();
		jdbc.sql("select " + SUMMARY_COLUMNS + " from customer c where c.corp_id = :corp and c.id in (:ids) and "
				+ CustomerScope.visible("c.id"))
			.param("ids", ids)
			.list(Customers::summary)
			.forEach(s -> found.put(s.id(), s));
		return withRelations(ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList());
	}

	public CustomerDetail get(long id) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		Row row = jdbc.sql("select c.* from customer c where c.id = :id and c.corp_id = :corp and "
				+ CustomerScope.visible("c.id"))
			.param("id", id)
			.optional(Customers::row)
			.orElseThrow(() -> new NotFoundException("Customer " + id + " not found"));
		boolean reveal = actor.can(Permission.CUSTOMER_PHONE_READ) && row.phoneEnc() != null;
		String phone = reveal ? identities.decrypt(row.phoneEnc()) : row.phoneMasked();
		List<FollowView> follows = follows(List.of(id)).getOrDefault(id, List.of());
		List<CustomerDetail.StageChange> history = jdbc.sql("select from_stage, to_stage, reason, actor, at"
				+ " from customer_stage_history h where h.customer_id = :id and h.corp_id = :corp order by h.at desc, h.id desc")
			.param("id", id)
			.list((rs, i) -> new CustomerDetail.StageChange(rs.getString(1) == null ? null : Stage.valueOf(rs.getString(1)),
					Stage.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), Timestamps.get(rs, "at")));
		return new CustomerDetail(id, row.external(), row.unionid(), row.openid(), phone, reveal, row.name(), row.avatar(),
				row.type(), row.gender(), row.corpName(), row.stage(), row.stageSince(), row.firstAddedAt(),
				row.firstState(), row.source(), row.createdAt(), row.mergedInto(), follows,
				follows.stream().flatMap(f -> f.tagIds().stream()).distinct().sorted().toList(), fields.valuesOf(id),
				history);
	}

	/** The customer id for a WeCom external_userid, if the actor may see that customer. */
	public Optional<Long> idOf(String externalUserId) {
		Actors.require(Permission.CUSTOMERS_READ);
		return jdbc.sql("select c.id from customer c where c.corp_id = :corp and c.external_userid = :ext and "
				+ CustomerScope.visible("c.id")).param("ext", externalUserId).value(Long.class);
	}

	/** Customer ids for WeCom external_userids (those the actor may see); unknown ones are left out. */
	public Map<String, Long> idsOf(java.util.Collection<String> externalUserIds) {
		Actors.require(Permission.CUSTOMERS_READ);
		Map<String, Long> ids = new HashMap<>();
		if (externalUserIds.isEmpty()) {
			return ids;
		}
		jdbc.sql("select c.external_userid, c.id from customer c where c.external_userid in (:ext)"
				+ " and c.corp_id + 0 = :corp and " + CustomerScope.visible("c.id"))
			.param("ext", externalUserIds)
			.list((rs, i) -> ids.put(rs.getString(1), rs.getLong(2)));
		return ids;
	}

	/** Sets (or clears, with blank) the customer's phone: stored encrypted; may merge an imported duplicate. */
	@Transactional
	public void setPhone(long id, String phone) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		requireVisible(id);
		if (phone == null || phone.isBlank()) {
			jdbc.sql("update customer set phone_enc = null, phone_hash = null, phone_masked = null, updated_at = :now"
					+ " where id = :id and corp_id = :corp and " + CustomerScope.visible("id"))
				.param("now", Timestamps.of(clock.instant()))
				.param("id", id)
				.update();
		}
		else {
			CustomerIdentities.Phone p = identities.phone(phone)
				.orElseThrow(() -> new BadRequestException("error.customer.phone", "Not a phone number: " + phone));
			jdbc.sql("update customer set phone_enc = :enc, phone_hash = :hash, phone_masked = :masked, updated_at = :now"
					+ " where id = :id and corp_id = :corp and " + CustomerScope.visible("id"))
				.param("enc", p.sealed())
				.param("hash", p.fingerprint())
				.param("masked", p.masked())
				.param("now", Timestamps.of(clock.instant()))
				.param("id", id)
				.update();
		}
		auditor.record("customer.phone.changed", "customer", id, "Phone set");
		events.publishEvent(new CustomersChanged(Actors.require().requireCorp(), List.of(id)));
	}

	/**
	 * Merges customer {@code mergedId} into {@code keptId} (both must be visible; at most one may be a WeCom customer).
	 */
	@Transactional
	public void merge(long keptId, long mergedId) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		requireVisible(keptId);
		requireVisible(mergedId);
		Actors.runAs(Actors.require().onBehalfAsSystem(), () -> identities.merge(keptId, mergedId, "MANUAL"));
		auditor.record("customer.merged", "customer", keptId, "Merged customer " + mergedId + " into " + keptId);
	}

	/** Customers that look like the same person as this one: same unionid or same phone (not yet merged). */
	public List<CustomerSummary> duplicatesOf(long id) {
		Actors.require(Permission.CUSTOMERS_READ);
		requireVisible(id);
		List<Long> ids = jdbc.sql("select d.id from customer c join customer d on d.corp_id = c.corp_id and d.id <> c.id"
				+ " and d.merged_into is null and ((c.unionid is not null and d.unionid = c.unionid)"
				+ " or (c.phone_hash is not null and d.phone_hash = c.phone_hash))"
				+ " where c.id = :id and c.corp_id = :corp and " + CustomerScope.visible("d.id"))
			.param("id", id)
			.list((rs, i) -> rs.getLong(1));
		return summaries(ids);
	}

	/** 404 unless the actor may see this (unmerged) customer. */
	public void requireVisible(long id) {
		if (jdbc.sql("select count(*) from customer c where c.id = :id and c.corp_id = :corp and c.merged_into is null and "
				+ CustomerScope.visible("c.id")).param("id", id).count() == 0) {
			throw new NotFoundException("Customer " + id + " not found");
		}
	}

	private CustomerQuery query(CustomerFilter filter) {
		Optional<String> phone = filter.q() == null ? Optional.empty()
				: CustomerIdentities.Phone.normalize(filter.q()).map(identities::fingerprint);
		return new CustomerQuery(filter, phone, database.isPostgres());
	}

	private List<CustomerSummary> withRelations(List<CustomerSummary> rows) {
		if (rows.isEmpty()) {
			return rows;
		}
		Map<Long, List<FollowView>> follows = follows(rows.stream().map(CustomerSummary::id).toList());
		List<CustomerSummary> result = new ArrayList<>(rows.size());
		for (CustomerSummary r : rows) {
			List<FollowView> f = follows.getOrDefault(r.id(), List.of());
			result.add(new CustomerSummary(r.id(), r.externalUserId(), r.name(), r.avatar(), r.type(), r.gender(),
					r.corpName(), r.stage(), r.firstAddedAt(), r.firstState(), r.activeFollows(), r.phoneMasked(), f,
					f.stream().flatMap(v -> v.tagIds().stream()).distinct().sorted().toList()));
		}
		return result;
	}

	/** Relations (with their tags and staff names) of the given customers, active first. */
	private Map<Long, List<FollowView>> follows(List<Long> customerIds) {
		record RawFollow(long customerId, String userid, Long staffId, String remark, String description,
				java.time.Instant addedAt, Integer addWay, String state, boolean active, String endReason,
				java.time.Instant endedAt) {
		}
		List<RawFollow> raw = jdbc.sql("select customer_id, userid, staff_id, remark, description, added_at, add_way,"
				+ " state, active, end_reason, ended_at from customer_follow f where f.corp_id = :corp"
				+ " and f.customer_id in (:ids) and " + CustomerScope.visible("f.customer_id")
				+ " order by f.active desc, f.added_at")
			.param("ids", customerIds)
			.list((rs, i) -> new RawFollow(rs.getLong(1), rs.getString(2), Timestamps.nullableLong(rs, "staff_id"),
					rs.getString(4), rs.getString(5), Timestamps.get(rs, "added_at"), (Integer) rs.getObject(7),
					rs.getString(8), rs.getBoolean(9), rs.getString(10), Timestamps.get(rs, "ended_at")));
		Map<String, List<Long>> tags = new HashMap<>();
		jdbc.sql("select customer_id, userid, tag_id from customer_tag t where t.corp_id = :corp and t.customer_id in (:ids)"
				+ " and " + CustomerScope.visible("t.customer_id") + " order by tag_id")
			.param("ids", customerIds)
			.list((rs, i) -> tags.computeIfAbsent(rs.getLong(1) + " " + rs.getString(2), k -> new ArrayList<>())
				.add(rs.getLong(3)));
		Map<String, StaffPlacement> names = Actors.callAs(Actor.system(Actors.require().requireCorp()),
				() -> staff.placements(raw.stream().map(RawFollow::userid).distinct().toList()));
		Map<Long, List<FollowView>> result = new LinkedHashMap<>();
		for (RawFollow f : raw) {
			StaffPlacement p = names.get(f.userid());
			result.computeIfAbsent(f.customerId(), k -> new ArrayList<>())
				.add(new FollowView(f.userid(), f.staffId(), p == null ? null : p.name(), f.remark(), f.description(),
						f.addedAt(), f.addWay(), f.state(), f.active(),
						f.endReason() == null ? null : EndReason.valueOf(f.endReason()), f.endedAt(),
						tags.getOrDefault(f.customerId() + " " + f.userid(), List.of())));
		}
		// tags Siyu holds for a customer without a relation yet (imports) show on the customer, not on a relation
		tags.forEach((key, ids) -> {
			if (key.endsWith(" ")) {
				long customerId = Long.parseLong(key.trim());
				result.computeIfAbsent(customerId, k -> new ArrayList<>())
					.add(new FollowView("", null, null, null, null, null, null, null, false, EndReason.PLANNED, null, ids));
			}
		});
		return result;
	}

	private static CustomerSummary summary(ResultSet rs, int i) throws SQLException {
		return new CustomerSummary(rs.getLong("id"), rs.getString("external_userid"), rs.getString("name"),
				rs.getString("avatar"), (Integer) intOrNull(rs, "type"), (Integer) intOrNull(rs, "gender"),
				rs.getString("corp_name"), Stage.valueOf(rs.getString("stage")), Timestamps.get(rs, "first_added_at"),
				rs.getString("first_state"), rs.getInt("active_follows"), rs.getString("phone_masked"), List.of(), List.of());
	}

	private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
		int v = rs.getInt(column);
		return rs.wasNull() ? null : v;
	}

	private static Row row(ResultSet rs, int i) throws SQLException {
		return new Row(rs.getString("external_userid"), rs.getString("unionid"), rs.getString("openid"),
				rs.getString("phone_enc"), rs.getString("phone_masked"), rs.getString("name"), rs.getString("avatar"),
				intOrNull(rs, "type"), intOrNull(rs, "gender"), rs.getString("corp_name"), Stage.valueOf(rs.getString("stage")),
				Timestamps.get(rs, "stage_since"), Timestamps.get(rs, "first_added_at"), rs.getString("first_state"),
				rs.getString("source"), Timestamps.get(rs, "created_at"), Timestamps.nullableLong(rs, "merged_into"));
	}

	private record Row(String external, String unionid, String openid, String phoneEnc, String phoneMasked, String name,
			String avatar, Integer type, Integer gender, String corpName, Stage stage, java.time.Instant stageSince,
			java.time.Instant firstAddedAt, String firstState, String source, java.time.Instant createdAt,
			Long mergedInto) {
	}
}
