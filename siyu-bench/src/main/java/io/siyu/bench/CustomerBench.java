package io.siyu.bench;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.HdrHistogram.Histogram;
import org.springframework.jdbc.core.JdbcTemplate;

import io.siyu.customer.CustomerFilter;
import io.siyu.customer.CustomerListIndex;
import io.siyu.customer.Customers;
import io.siyu.customer.Stage;
import io.siyu.customer.Timeline;
import io.siyu.organization.Corps;
import io.siyu.organization.WeComSettingsChange;
import io.siyu.sandbox.CorpSpec;
import io.siyu.sandbox.SandboxCorp;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WorldSpec;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role;
import io.siyu.wecom.sync.SyncResult;
import io.siyu.wecom.sync.WeComSync;

/**
 * Issue 4's numbers: N customers seeded into the WeCom sandbox, synced into Siyu (full sync time), then customer-list
 * pages (20 rows with relations and tags, count included) for typical filters as a corp-wide operator, a region
 * manager and a store manager, and the 360° profile (detail + first timeline page) of random customers: median and
 * p99 of each. Baseline in the same run: the plain newest-first page of ids on the same table (the floor every list
 * page pays). Usage: {@code siyu-bench/run.sh CustomerBench --customers=1000000 --db=h2}; with {@code --source=sql} only
 * {@code --synced} customers [20000] go through the sandbox and the rest are bulk-inserted (list and profile latency at
 * 1,000,000 without a 35-minute sync).
 */
public final class CustomerBench {

	static final String TOKEN = "QDG6eK";

	static final String KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

	public static void main(String[] args) throws Exception {
		Map<String, String> o = new LinkedHashMap<>(Map.of("customers", "1000000", "db", "h2", "runs", "40",
				"staff-per-store", "10", "stores", "300", "pg", "jdbc:postgresql://127.0.0.1:5432/", "seed", "11",
				"groups", "2000", "tags", "300"));
		o.put("source", "sandbox");
		o.put("synced", "20000");
		BenchOptions.parse(args, o);
		int customers = Integer.parseInt(o.get("customers"));
		boolean sqlSource = "sql".equals(o.get("source"));
		int synced = sqlSource ? Math.min(customers, Integer.parseInt(o.get("synced"))) : customers;
		int runs = Integer.parseInt(o.get("runs"));
		WorldSpec world = new WorldSpec(Integer.parseInt(o.get("stores")), Integer.parseInt(o.get("staff-per-store")),
				synced, Integer.parseInt(o.get("groups")), Integer.parseInt(o.get("tags")));
		System.out.printf(Locale.ROOT, "Customers: %d customers, %d staff, %d groups, %d tags, db=%s, load %s%n",
				customers, world.departments() * world.staffPerDepartment(), world.groups(), world.tags(), o.get("db"),
				SyncBench.load());
		// the list runs on SQL first (the baseline); the bench builds the bitmap index itself before the second pass
		System.setProperty("siyu.customer.list.index-from", String.valueOf(Long.MAX_VALUE));
		WeComSandbox sandbox = WeComSandbox.builder().host("127.0.0.1").port(0).seed(Long.parseLong(o.get("seed")))
			.build().start();
		try (BenchApp siyu = BenchApp.start("customers", o.get("db"), o.get("pg"), "postgres")) {
			SandboxCorp wecom = sandbox.createCorp(new CorpSpec("wwcust", 1000002, "s", null, TOKEN, KEY));
			long t0 = System.nanoTime();
			wecom.seed(world);
			System.out.printf(Locale.ROOT, "sandbox seeded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
			long corp = Actors.callAs(Actor.platform(0, "bench", null),
					() -> siyu.bean(Corps.class).create("Customers", false).id());
			Actors.runAs(Actor.system(corp), () -> siyu.bean(Corps.class).updateWeComSettings(
					new WeComSettingsChange("wwcust", 1000002, "s", TOKEN, KEY, sandbox.baseUrl())));
			t0 = System.nanoTime();
			SyncResult sync = siyu.bean(WeComSync.class).run(corp);
			double syncSeconds = (System.nanoTime() - t0) / 1e9;
			JdbcTemplate jdbc = new JdbcTemplate(siyu.bean(DataSource.class));
			long stored = jdbc.queryForObject("select count(*) from customer where corp_id = ?", Long.class, corp);
			long relations = jdbc.queryForObject("select count(*) from customer_follow where corp_id = ?", Long.class, corp);
			long tagRows = jdbc.queryForObject("select count(*) from customer_tag where corp_id = ?", Long.class, corp);
			System.out.printf(Locale.ROOT, "full sync: %.1f s, %d calls, %s; stored %d customers, %d relations, %d tag rows"
					+ " (%.0f customers/s); load %s%n", syncSeconds, sync.calls(), sync.outcome(), stored, relations, tagRows,
					stored / syncSeconds, SyncBench.load());
			if (sqlSource && customers > synced) {
				t0 = System.nanoTime();
				long added = new BulkCustomers(jdbc, corp, Long.parseLong(o.get("seed"))).insert(customers - synced);
				System.out.printf(Locale.ROOT, "bulk-inserted %d more customers with relations and tags in %.1f s"
						+ " (straight JDBC batches, not a sync)%n", added, (System.nanoTime() - t0) / 1e9);
			}
			jdbc.execute("analyze");
			new Measure(siyu, jdbc, corp, runs).all();
		}
		finally {
			sandbox.stop();
		}
	}

	/**
	 * {@code --source=sql}: the rest of the customers written straight into Siyu's tables in JDBC batches, shaped like the
	 * synced ones (the synced corp's staff, units and tags; 10% with a second relation; 0–4 tags, skewed to the
	 * popular ones; added over two years). For list and profile latency at a size a sync would take too long to reach.
	 */
	static final class BulkCustomers {

		final JdbcTemplate jdbc;

		final long corp;

		final Random random;

		BulkCustomers(JdbcTemplate jdbc, long corp, long seed) {
			this.jdbc = jdbc;
			this.corp = corp;
			this.random = new Random(seed);
		}

		long insert(int count) {
			List<Map<String, Object>> staff = jdbc.queryForList("select id, userid, org_unit_id from staff where corp_id = ?"
					+ " and id in (select staff_id from customer_follow where corp_id = ?)", corp, corp);
			List<Long> tags = jdbc.queryForList("select tag_id from customer_tag where corp_id = ? group by tag_id"
					+ " order by count(*) desc", Long.class, corp);
			long next = jdbc.queryForObject("select coalesce(max(id), 0) + 1000 from customer", Long.class);
			java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
			String[] stages = { "NEW", "NEW", "NEW", "ENGAGED", "ENGAGED", "FIRST_PURCHASE", "REPEAT", "LOYAL", "DORMANT" };
			int batch = 5000;
			for (int done = 0; done < count; done += batch) {
				int n = Math.min(batch, count - done);
				List<Object[]> cs = new java.util.ArrayList<>(n);
				List<Object[]> fs = new java.util.ArrayList<>(n + n / 5);
				List<Object[]> ts = new java.util.ArrayList<>(n * 2);
				for (int i = 0; i < n; i++) {
					long id = next++;
					java.time.OffsetDateTime added = now.minusMinutes(random.nextInt(2 * 365 * 24 * 60));
					Map<String, Object> first = staff.get(random.nextInt(staff.size()));
					String state = random.nextInt(3) == 0 ? "ch" + random.nextInt(200) : null;
					cs.add(new Object[] { id, corp, "wmbulk" + id, name(), 1, 1 + random.nextInt(2),
							stages[random.nextInt(stages.length)], added, state, 1, "WECOM", added, added });
					fs.add(new Object[] { corp, id, first.get("userid"), first.get("id"), first.get("org_unit_id"),
							"备注" + Long.toString(id, 36), added, 1, state, true, added });
					if (random.nextInt(10) == 0) {
						Map<String, Object> second = staff.get(random.nextInt(staff.size()));
						if (!second.get("userid").equals(first.get("userid"))) {
							fs.add(new Object[] { corp, id, second.get("userid"), second.get("id"), second.get("org_unit_id"),
									null, added.plusDays(1), 1, null, true, added });
						}
					}
					int tagCount = (int) Math.floor(-Math.log(1 - random.nextDouble()) * 1.1);
					java.util.Set<Long> picked = new java.util.HashSet<>();
					for (int k = 0; k < Math.min(tagCount, 4) && !tags.isEmpty(); k++) {
						double u = random.nextDouble();
						picked.add(tags.get((int) (u * u * u * tags.size())));
					}
					for (Long tag : picked) {
						ts.add(new Object[] { corp, id, tag, first.get("userid"), added, "WECOM" });
					}
				}
				jdbc.batchUpdate("insert into customer (id, corp_id, external_userid, name, type, gender, stage,"
						+ " first_added_at, first_state, active_follows, source, created_at, updated_at)"
						+ " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cs);
				jdbc.batchUpdate("insert into customer_follow (corp_id, customer_id, userid, staff_id, unit_id, remark,"
						+ " added_at, add_way, state, active, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", fs);
				jdbc.batchUpdate("insert into customer_tag (corp_id, customer_id, tag_id, userid, tagged_at, source)"
						+ " values (?, ?, ?, ?, ?, ?)", ts);
			}
			return count;
		}

		/** Names shaped like the sandbox's (a surname and one or two given-name characters), for realistic searches. */
		private String name() {
			String surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
			String given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华";
			return "" + surnames.charAt(random.nextInt(surnames.length())) + given.charAt(random.nextInt(given.length()))
					+ (random.nextBoolean() ? given.charAt(random.nextInt(given.length())) : "");
		}
	}

	/** The list and profile measurements over the synced corp. */
	static final class Measure {

		final Customers customers;

		final Timeline timeline;

		final JdbcTemplate jdbc;

		final long corp;

		final int runs;

		final Random random = new Random(7);

		final BenchApp siyu;

		Measure(BenchApp siyu, JdbcTemplate jdbc, long corp, int runs) {
			this.siyu = siyu;
			this.customers = siyu.bean(Customers.class);
			this.timeline = siyu.bean(Timeline.class);
			this.jdbc = jdbc;
			this.corp = corp;
			this.runs = runs;
		}

		void all() {
			if (isH2()) {
				// H2 re-uses the result of an identical query while no table changed: measure without that help
				jdbc.execute("set optimize_reuse_results 0");
			}
			Actor operator = new Actor(corp, 1, "operator", Actor.Kind.USER, Role.OPERATOR, null, null);
			List<Long> regions = jdbc.queryForList("select id from org_unit where corp_id = ? and parent_id in (select id"
					+ " from org_unit where corp_id = ? and parent_id is null) and id in (select parent_id from org_unit"
					+ " where corp_id = ?)", Long.class, corp, corp, corp);
			List<Long> stores = jdbc.queryForList("select id from org_unit where corp_id = ? and parent_id in ("
					+ regions.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow() + ")", Long.class, corp);
			List<Long> tags = jdbc.queryForList("select tag_id from customer_tag where corp_id = ? group by tag_id"
					+ " order by count(*) desc limit 20", Long.class, corp);
			List<Long> staff = jdbc.queryForList("select staff_id from customer_follow where corp_id = ? and staff_id"
					+ " is not null group by staff_id order by count(*) desc limit 50", Long.class, corp);
			List<String> names = jdbc.queryForList("select name from customer where corp_id = ? and name is not null"
					+ " order by id limit 1000", String.class, corp);
			LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
			System.out.printf(Locale.ROOT, "%d regions, %d stores; each run picks a random page (1–50), tag (top 20),"
					+ " staff (top 50), unit or name%n", regions.size(), stores.size());

			row("floor: plain newest-first page of ids", time(operator, () -> jdbc.queryForList("select id from customer"
					+ " where corp_id = ? and merged_into is null order by first_added_at desc nulls last, id desc"
					+ " limit 20 offset ?", Long.class, corp, 20 * random.nextInt(50))), null);
			lists("SQL", operator, regions, stores, tags, staff, names, today);
			CustomerListIndex index = siyu.bean(CustomerListIndex.class);
			long t0 = System.nanoTime();
			index.warm(corp);
			while (Actors.callAs(operator, () -> index.candidates(CustomerFilter.none(), 0, 20)).isEmpty()) {
				sleep(50);
			}
			System.out.printf(Locale.ROOT, "bitmap index of the corp built in %.1f s (in the background; load %s)%n",
					(System.nanoTime() - t0) / 1e9, SyncBench.load());
			lists("index", operator, regions, stores, tags, staff, names, today);
			profile(operator);
			if (!isH2()) {
				searchCounts(names);
			}
		}

		/**
		 * The search's count statement two ways in the same run, by plain JDBC: as the one OR Siyu ran before the gram
		 * indexes (a scan: the baseline) and as the union over the gram indexes Siyu runs on PostgreSQL now.
		 */
		void searchCounts(List<String> names) {
			String scan = "select count(*) from customer c where c.corp_id = ? and c.merged_into is null and (lower(c.name)"
					+ " like ? or c.external_userid = ? or c.id in (select qf.customer_id from customer_follow qf"
					+ " where qf.corp_id = ? and lower(qf.remark) like ?))";
			String grams = "select count(*) from customer c where c.corp_id = ? and c.merged_into is null and c.id in ("
					+ "select qn.id from customer qn where qn.corp_id = ? and search_grams(lower(qn.name))"
					+ " @> search_query_grams(?) and lower(qn.name) like ? union all select qe.id from customer qe"
					+ " where qe.corp_id = ? and qe.external_userid = ? union all select qf.customer_id from customer_follow qf"
					+ " where qf.corp_id = ? and search_grams(lower(qf.remark)) @> search_query_grams(?)"
					+ " and lower(qf.remark) like ?)";
			for (int length : new int[] { 3, 2, 1 }) {
				List<String> texts = names.stream().filter(n -> n.length() >= length).map(n -> n.substring(0, length)).toList();
				long[] counted = new long[2];
				long[] baseline = time(null, () -> counted[0] += count(scan, pick(texts), false));
				long[] indexed = time(null, () -> counted[1] += count(grams, pick(texts), true));
				row("search count, " + length + " char(s), scan (before)", baseline, "mean count " + counted[0] / (runs + 5));
				row("search count, " + length + " char(s), gram index", indexed, String.format(Locale.ROOT,
						"mean count %d; p50 ratio %.0f×", counted[1] / (runs + 5), median(baseline) / median(indexed)));
			}
		}

		long count(String sql, String text, boolean grams) {
			String like = "%" + text + "%";
			return grams ? jdbc.queryForObject(sql, Long.class, corp, corp, text, like, corp, text, corp, text, like)
					: jdbc.queryForObject(sql, Long.class, corp, like, text, corp, like);
		}

		static double median(long[] nanos) {
			long[] sorted = nanos.clone();
			java.util.Arrays.sort(sorted);
			return sorted[sorted.length / 2];
		}

		void lists(String phase, Actor operator, List<Long> regions, List<Long> stores, List<Long> tags, List<Long> staff,
				List<String> names, LocalDate today) {
			list(phase + ": operator, no filter", operator, () -> CustomerFilter.none());
			list(phase + ": operator, tag any", operator, () -> filter(List.of(pick(tags)), List.of(), List.of(), null, null, null,
					null, null));
			list(phase + ": operator, tags all (2)", operator, () -> filter(List.of(), List.of(tags.get(0), pick(tags.subList(1, 20))),
					List.of(), null, null, null, null, null));
			list(phase + ": operator, tag none", operator, () -> filter(List.of(), List.of(), List.of(pick(tags)), null, null, null,
					null, null));
			list(phase + ": operator, staff", operator, () -> filter(List.of(), List.of(), List.of(), pick(staff), null, null, null,
					null));
			list(phase + ": operator, region", operator, () -> filter(List.of(), List.of(), List.of(), null, pick(regions), null,
					null, null));
			list(phase + ": operator, store", operator, () -> filter(List.of(), List.of(), List.of(), null, pick(stores), null, null,
					null));
			list(phase + ": operator, stage NEW + added in last N days", operator, () -> filter(List.of(), List.of(), List.of(), null,
					null, Stage.NEW, today.minusDays(7 + random.nextInt(90)), null));
			list(phase + ": operator, search name", operator, () -> filter(List.of(), List.of(), List.of(), null, null, null, null,
					pick(names)));
			list(phase + ": operator, search 2 characters", operator, () -> filter(List.of(), List.of(), List.of(), null, null,
					null, null, pick(names).substring(0, 2)));
			list(phase + ": operator, search surname (1 character)", operator, () -> filter(List.of(), List.of(), List.of(),
					null, null, null, null, pick(names).substring(0, 1)));
			list(phase + ": operator, tag any + region + last 90 days", operator, () -> filter(List.of(pick(tags)), List.of(),
					List.of(), null, pick(regions), null, today.minusDays(90), null));
			for (Long region : regions.subList(0, 1)) {
				Actor manager = new Actor(corp, 2, "region", Actor.Kind.USER, Role.REGION_MANAGER, region, null);
				list(phase + ": region manager, no filter", manager, () -> CustomerFilter.none());
				list(phase + ": region manager, tag any", manager, () -> filter(List.of(pick(tags)), List.of(), List.of(), null, null,
						null, null, null));
			}
			Actor storeManager = new Actor(corp, 3, "store", Actor.Kind.USER, Role.STORE_MANAGER, stores.get(0), null);
			list(phase + ": store manager, no filter", storeManager, () -> CustomerFilter.none());
			list(phase + ": store manager, search name", storeManager, () -> filter(List.of(), List.of(), List.of(), null, null,
					null, null, pick(names)));
		}

		static void sleep(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}

		<T> T pick(List<T> values) {
			return values.get(random.nextInt(values.size()));
		}

		boolean isH2() {
			try (var c = jdbc.getDataSource().getConnection()) {
				return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2");
			}
			catch (java.sql.SQLException e) {
				return false;
			}
		}

		void list(String name, Actor actor, Supplier<CustomerFilter> filters) {
			long[] total = new long[1];
			long[] times = time(actor, () -> {
				total[0] += customers.list(filters.get(), new PageQuery(random.nextInt(50), 20)).total();
				return null;
			});
			row(name, times, "mean total " + total[0] / (runs + 5));
		}

		void profile(Actor actor) {
			long max = jdbc.queryForObject("select max(id) from customer where corp_id = ?", Long.class, corp);
			long min = jdbc.queryForObject("select min(id) from customer where corp_id = ?", Long.class, corp);
			long[] times = time(actor, () -> {
				long id = min + (long) (random.nextDouble() * (max - min));
				customers.get(id);
				timeline.page(id, null, 30, null);
				return null;
			});
			row("profile: detail + first timeline page", times, null);
		}

		long[] time(Actor actor, Supplier<?> work) {
			if (actor == null) {
				return timeRuns(work);
			}
			return Actors.callAs(actor, () -> timeRuns(work));
		}

		long[] timeRuns(Supplier<?> work) {
			for (int i = 0; i < 5; i++) {
				work.get();
			}
			long[] t = new long[runs];
			for (int i = 0; i < runs; i++) {
				long t0 = System.nanoTime();
				work.get();
				t[i] = System.nanoTime() - t0;
			}
			return t;
		}

		void row(String name, long[] nanos, String note) {
			Histogram h = new Histogram(3);
			for (long n : nanos) {
				h.recordValue(n / 1000);
			}
			System.out.printf(Locale.ROOT, "%-46s p50 %7.1f ms  p99 %7.1f ms  %s%n", name,
					h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, note == null ? "" : note);
		}

		static CustomerFilter filter(List<Long> any, List<Long> all, List<Long> none, Long staff, Long unit, Stage stage,
				LocalDate from, String q) {
			return new CustomerFilter(q, any, all, none, staff, unit, null, stage, from, null, null, null);
		}
	}
}
