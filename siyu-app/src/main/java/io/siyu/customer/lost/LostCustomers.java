package io.siyu.customer.lost;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Service;

import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;

/**
 * Lost-customer alerts within the actor's data scope: a store manager sees the alerts of their store's staff, a guide
 * their own. Lists, a daily count for the chart, and rows for exports, all under the same filter.
 */
@Service
public class LostCustomers {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	/** The longest date range of the chart (days). */
	public static final int MAX_DAYS = 366;

	/** The most rows an export writes. */
	public static final int MAX_EXPORT = 100_000;

	private static final String FROM = " from lost_customer l left join customer c on c.id = l.customer_id"
			+ " and c.corp_id = :corp";

	private static final String COLUMNS = "select l.id, l.customer_id, coalesce(c.name, l.external_userid) as customer_name,"
			+ " l.external_userid, l.userid, l.staff_name, l.unit_name, l.kind, l.at, l.notify_status, l.recipients";

	private final TenantJdbc jdbc;

	LostCustomers(TenantJdbc jdbc) {
		this.jdbc = jdbc;
	}

	public Page<LostCustomer> list(LostCustomerFilter filter, PageQuery page) {
		Actors.require(Permission.CUSTOMERS_READ);
		String where = where(filter);
		long total = bind(jdbc.sql("select count(*)" + FROM + where), filter).count();
		List<LostCustomer> items = bind(jdbc.sql(COLUMNS + FROM + where + " order by l.at desc, l.id desc"
				+ " limit :limit offset :offset"), filter)
			.param("limit", page.size())
			.param("offset", page.offset())
			.list(LostCustomers::map);
		return page.with(items, total);
	}

	/** Per day of the filter's range (every day, zeros included), how many were lost by each kind. */
	public List<LostDay> days(LostCustomerFilter filter) {
		Actors.require(Permission.CUSTOMERS_READ);
		LostCustomerFilter f = withRange(filter);
		Map<LocalDate, long[]> counts = new TreeMap<>();
		for (LocalDate d = f.from(); !d.isAfter(f.to()); d = d.plusDays(1)) {
			counts.put(d, new long[2]);
		}
		bind(jdbc.sql("select l.at, l.kind" + FROM + where(f)), f).list((rs, i) -> {
			LocalDate day = Timestamps.get(rs, "at").atZone(CHINA).toLocalDate();
			long[] c = counts.get(day);
			if (c != null) {
				c[LostKind.valueOf(rs.getString("kind")).ordinal()]++;
			}
			return null;
		});
		List<LostDay> days = new ArrayList<>();
		counts.forEach((day, c) -> days.add(new LostDay(day, c[0], c[1])));
		return days;
	}

	/** Every row of the filter for an export (newest first, at most {@link #MAX_EXPORT}). */
	public List<LostCustomer> export(LostCustomerFilter filter) {
		Actors.require(Permission.CUSTOMERS_EXPORT);
		return bind(jdbc.sql(COLUMNS + FROM + where(filter) + " order by l.at desc, l.id desc limit :limit"), filter)
			.param("limit", MAX_EXPORT)
			.list(LostCustomers::map);
	}

	/** The filter with a date range: the last 30 days when none is given; longer than a year is refused. */
	public static LostCustomerFilter withRange(LostCustomerFilter filter) {
		LocalDate to = filter.to() != null ? filter.to() : LocalDate.now(CHINA);
		LocalDate from = filter.from() != null ? filter.from() : to.minusDays(29);
		if (from.isAfter(to)) {
			throw new BadRequestException("error.lost.range", "The start date is after the end date");
		}
		if (from.plusDays(MAX_DAYS).isBefore(to)) {
			throw new BadRequestException("error.lost.rangeTooLong", "A date range is at most " + MAX_DAYS + " days",
					MAX_DAYS);
		}
		return new LostCustomerFilter(filter.kind(), filter.staffId(), filter.unitId(), from, to, filter.q());
	}

	private static String where(LostCustomerFilter f) {
		StringBuilder w = new StringBuilder(" where l.corp_id = :corp and {scope:l.unit_id,l.staff_id}");
		if (f.kind() != null) {
			w.append(" and l.kind = :kind");
		}
		if (f.staffId() != null) {
			w.append(" and l.staff_id = :staff");
		}
		if (f.unitId() != null) {
			w.append(" and l.unit_id in (select x.id from org_unit x join org_unit y on x.path like y.path || '%'"
					+ " where y.id = :unit and y.corp_id = :corp and x.corp_id = :corp)");
		}
		if (f.from() != null) {
			w.append(" and l.at >= :from");
		}
		if (f.to() != null) {
			w.append(" and l.at < :to");
		}
		if (f.q() != null && !f.q().isBlank()) {
			w.append(" and (lower(c.name) like :q or lower(l.external_userid) like :q or lower(l.staff_name) like :q"
					+ " or lower(l.userid) like :q)");
		}
		return w.toString();
	}

	private static TenantJdbc.Statement bind(TenantJdbc.Statement s, LostCustomerFilter f) {
		if (f.kind() != null) {
			s.param("kind", f.kind().name());
		}
		if (f.staffId() != null) {
			s.param("staff", f.staffId());
		}
		if (f.unitId() != null) {
			s.param("unit", f.unitId());
		}
		if (f.from() != null) {
			s.param("from", Timestamps.of(f.from().atStartOfDay(CHINA).toInstant()));
		}
		if (f.to() != null) {
			s.param("to", Timestamps.of(f.to().plusDays(1).atStartOfDay(CHINA).toInstant()));
		}
		if (f.q() != null && !f.q().isBlank()) {
			s.param("q", "%" + f.q().trim().toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%");
		}
		return s;
	}

	private static LostCustomer map(ResultSet rs, int row) throws SQLException {
		return new LostCustomer(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("customer_name"),
				rs.getString("external_userid"), rs.getString("userid"), rs.getString("staff_name"),
				rs.getString("unit_name"), LostKind.valueOf(rs.getString("kind")), Timestamps.get(rs, "at"),
				rs.getString("notify_status"), rs.getString("recipients"));
	}
}
