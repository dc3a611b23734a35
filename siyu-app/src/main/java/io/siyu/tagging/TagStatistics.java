package io.siyu.tagging;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.customer.CustomerTags;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.ForbiddenException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;

/**
 * Customers per tag: now (within the actor's data scope) and day by day (corp-wide snapshots taken every night, kept in
 * {@code tag_stat_day}). Taking a day again replaces it, so two nodes taking the same day agree.
 */
@Service
public class TagStatistics {

	private static final Logger log = LoggerFactory.getLogger(TagStatistics.class);

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private final TenantJdbc jdbc;

	private final JdbcClient platform;

	private final CustomerTags customerTags;

	private final TransactionTemplate tx;

	private final Clock clock;

	TagStatistics(TenantJdbc jdbc, JdbcClient platform, CustomerTags customerTags, TransactionTemplate tx, Clock clock) {
		this.jdbc = jdbc;
		this.platform = platform;
		this.customerTags = customerTags;
		this.tx = tx;
		this.clock = clock;
	}

	/** Customers per tag id that the actor may see (tags nobody carries are absent). */
	public Map<Long, Long> customersPerTag() {
		return customerTags.customersPerTag();
	}

	/**
	 * The corp-wide trend of a tag, one point per day from the snapshots, today's point live. Corp-wide figures: only for
	 * corp-wide roles (a store manager sees today's count of their own customers on the page instead).
	 */
	public List<TagDay> trend(long tagId, LocalDate from, LocalDate to) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		if (!actor.role().isCorpWide()) {
			throw new ForbiddenException("Corp-wide tag trends are for corp-wide roles");
		}
		if (from.isAfter(to) || from.plusDays(366).isBefore(to)) {
			throw new BadRequestException("error.tagStats.range", "A trend covers 1 to 366 days, from before to");
		}
		Map<LocalDate, Long> days = new HashMap<>();
		jdbc.sql("select stat_day, customers from tag_stat_day where corp_id = :corp and tag_id = :tag and stat_day between :from"
				+ " and :to").param("tag", tagId).param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
			.list((rs, i) -> days.put(rs.getDate(1).toLocalDate(), rs.getLong(2)));
		LocalDate today = today();
		if (!to.isBefore(today) && !from.isAfter(today)) {
			days.put(today, Actors.callAs(actor.onBehalfAsSystem(), () -> liveCount(tagId)));
		}
		List<TagDay> trend = new ArrayList<>();
		for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
			Long n = days.get(d);
			if (n != null) {
				trend.add(new TagDay(d, n));
			}
		}
		return trend;
	}

	/** Takes (or re-takes) the corp's snapshot of a day: every live tag with its corp-wide customer count. */
	public int snapshot(long corpId, LocalDate day) {
		return Actors.callAs(Actor.system(corpId), () -> tx.execute(status -> {
			Map<Long, Long> counts = customerTags.customersPerTag();
			List<Long> tags = jdbc.sql("select id from tag where corp_id = :corp and deleted_at is null")
				.list((rs, i) -> rs.getLong(1));
			jdbc.sql("delete from tag_stat_day where corp_id = :corp and stat_day = :day").param("day", Date.valueOf(day))
				.update();
			List<Map<String, Object>> rows = new ArrayList<>();
			for (Long tag : tags) {
				rows.add(Map.of("tag", tag, "day", Date.valueOf(day), "n", counts.getOrDefault(tag, 0L)));
			}
			jdbc.sql("insert into tag_stat_day (corp_id, tag_id, stat_day, customers) values (:corp, :tag, :day, :n)")
				.batch(rows);
			return rows.size();
		}));
	}

	/** Every night shortly after midnight in China: the day that just ended, for every corp with tags. */
	@Scheduled(cron = "${siyu.tagging.stats-cron:0 5 0 * * *}", zone = "Asia/Shanghai")
	void nightly() {
		LocalDate yesterday = today().minusDays(1);
		for (Long corp : platform.sql("select distinct corp_id from tag where deleted_at is null").query(Long.class).list()) {
			try {
				snapshot(corp, yesterday);
			}
			catch (RuntimeException e) {
				log.warn("Tag statistics of corp {} for {} not taken: {}", corp, yesterday, e.toString());
			}
		}
	}

	LocalDate today() {
		return LocalDate.now(clock.withZone(CHINA));
	}

	private long liveCount(long tagId) {
		return customerTags.customersPerTag().getOrDefault(tagId, 0L);
	}
}
