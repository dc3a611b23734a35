package io.siyu.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.customer.CustomersChanged;
import io.siyu.organization.Corps;
import io.siyu.organization.OrgUnit;
import io.siyu.organization.OrgUnitKind;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.StaffDirectory;
import io.siyu.segment.Expr;
import io.siyu.segment.SegmentEngine;
import io.siyu.segment.SegmentSettings;
import io.siyu.segment.Segments;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;
import io.siyu.wecom.CorpTagsFetched;

/**
 * W1 of the performance anchors (issue 6): the segment engine over N customers (default 1,000,000) written straight
 * into the customer module's tables by JDBC batches — power-law tag density over 2,000 tags, gender, stage, channel
 * state, owning staff and store, first-added date, 90 days of behaviour (orders with amounts, link clicks, group joins).
 * Measures the index build (first use), bytes per customer (the engine's own figure and the heap delta after GC), count
 * and materialize (count + a sample of ids) latency of 200 random rules of 3–10 predicates as a corp admin and as a
 * store manager, and how fast a tag applied by SQL + {@link CustomersChanged} shows in counts. Baselines in the same
 * run, on the same data: the rules as SQL on PostgreSQL over the real schema ({@code customer_tag}, btree indexes) and
 * over a bench-only {@code int[]} tags column with a GIN index, and the tag-only part of each rule as plain
 * RoaringBitmap and/or/andNot on prebuilt bitmaps (the floor). Usage:
 * {@code siyu-bench/run.sh SegmentBench --customers=1000000 --db=postgres}.
 */
public final class SegmentBench {

	public static void main(String[] args) throws Exception {
		Map<String, String> o = new LinkedHashMap<>();
		o.putAll(Map.of("customers", "1000000", "db", "postgres", "tags", "2000", "rules", "200", "runs", "3",
				"sql-rules", "40", "sql-runs", "1", "sql-timeout", "30", "seed", "6", "pg", "jdbc:postgresql://127.0.0.1:5432/"));
		o.putAll(Map.of("regions", "10", "stores-per-region", "10", "staff-per-store", "8", "sample", "20",
				"update-batches", "1000,10000,100000", "latency-runs", "20"));
		BenchOptions.parse(args, o);
		BenchOptions.header("SegmentBench", o);
		try (BenchApp siyu = BenchApp.start("segments", o.get("db"), o.get("pg"), "postgres", o.get("reuse-db"),
				o.containsKey("keep-db") && !o.get("keep-db").equals("false"))) {
			new SegmentBench(siyu, o).run();
		}
	}

	final BenchApp siyu;

	final Map<String, String> o;

	final boolean postgres;

	final int customers;

	final Random random;

	final ZoneId zone;

	final LocalDate today;

	final SegmentEngine engine;

	long corp;

	long firstId;

	final List<Long> regions = new ArrayList<>();

	final Map<Long, List<Long>> storesOf = new LinkedHashMap<>();

	final List<Long> stores = new ArrayList<>();

	final List<long[]> staff = new ArrayList<>(); // id, store

	final List<String> userids = new ArrayList<>();

	/** Tag ids by popularity rank (rank 0 the most common). */
	long[] tagIds;

	/** The floor's prebuilt bitmaps: customer index (= the engine's ordinal, ids ascend) per tag rank. */
	RoaringBitmap[] floorTags;

	final List<String> rows = new ArrayList<>();

	SegmentBench(BenchApp siyu, Map<String, String> o) {
		this.siyu = siyu;
		this.o = o;
		this.postgres = o.get("db").equals("postgres");
		this.customers = Integer.parseInt(o.get("customers"));
		this.random = new Random(Long.parseLong(o.get("seed")));
		this.zone = siyu.bean(SegmentSettings.class).zone();
		this.today = LocalDate.now(zone);
		this.engine = siyu.bean(SegmentEngine.class);
	}

	void run() throws Exception {
		boolean reuse = siyu.reused && meta("complete") != null;
		if (reuse) {
			reopen();
		}
		else {
			organization();
		}
		long t0 = System.nanoTime();
		long[] loaded = load(reuse);
		System.out.printf(Locale.ROOT, "%s %d customers, %d relations, %d tag rows, %d events in %.1f s (%s); load %s%n",
				reuse ? "reused" : "loaded", customers, loaded[0], loaded[1], loaded[2], (System.nanoTime() - t0) / 1e9,
				reuse ? "rows regenerated, not written" : copy() ? "COPY" : "JDBC batches", SyncBench.load());
		if (reuse && sqlSide() && "false".equals(meta("gin"))) {
			throw new IllegalStateException("--reuse-db: this database was loaded with --sql-rules=0 (no int[] side table)");
		}
		if (postgres && !reuse) {
			t0 = System.nanoTime();
			if (sqlSide()) {
				sql("create index bench_customer_tags_gin on bench_customer_tags using gin (tags)");
			}
			sql(sqlSide() ? "vacuum analyze" : "analyze");
			System.out.printf(Locale.ROOT, "GIN index + vacuum analyze (analyze only without SQL baselines) in %.1f s%n", (System.nanoTime() - t0) / 1e9);
		}
		if (postgres) {
			saveMeta(loaded);
		}
		Actor admin = new Actor(corp, 1, "admin", Actor.Kind.USER, Role.CORP_ADMIN, null, null);
		Actor manager = new Actor(corp, 2, "store", Actor.Kind.USER, Role.STORE_MANAGER, stores.get(0), null);

		// index build on first use, and its memory
		long heapBefore = usedHeap();
		t0 = System.nanoTime();
		long all = Actors.callAs(admin, () -> engine.count(new Expr.Not(new Expr.Tags(Expr.Match.ANY, List.of(-1L)))));
		double buildSeconds = (System.nanoTime() - t0) / 1e9;
		long heapAfter = usedHeap();
		SegmentEngine.IndexStats stats = Actors.callAs(admin, engine::stats);
		System.out.printf(Locale.ROOT, "index: first use %.1f s (engine's build figure %.1f s), %d customers, %d events,"
				+ " %d tags; %,d bytes by the engine's figure = %.0f bytes/customer; heap delta after GC %,d bytes = %.0f"
				+ " bytes/customer%n", buildSeconds, stats.buildMillis() / 1e3, stats.customers(), stats.events(), stats.tags(),
				stats.bytes(), stats.bytesPerCustomer(), heapAfter - heapBefore, (heapAfter - heapBefore) / (double) all);
		if (all != customers) {
			throw new IllegalStateException("engine sees " + all + " customers, " + customers + " written");
		}

		List<Expr> rules = rules(Integer.parseInt(o.get("rules")));
		Segments segments = siyu.bean(Segments.class);
		for (int i = 0; i < 4; i++) {
			Expr r = rules.get(i);
			System.out.println("  rule " + i + ": " + Actors.callAs(admin, () -> segments.text(r)));
		}
		int sample = Integer.parseInt(o.get("sample"));
		int runs = Integer.parseInt(o.get("runs"));
		List<Expr> tagParts = rules.stream().map(SegmentBench::tagPart).toList();

		RulePasses passes = new RulePasses(engine, segments, this::floor, rules, tagParts, admin, manager, sample);
		RuleTimings t = passes.warmThenTime(runs);
		long nonEmpty = Arrays.stream(t.countsAdmin).filter(c -> c > 0).count();
		System.out.printf(Locale.ROOT, "rules: %d, %d with a non-empty answer (admin), median count %d%n", rules.size(),
				nonEmpty, Arrays.stream(t.countsAdmin).sorted().toArray()[rules.size() / 2]);
		row("engine count, corp admin", t.countAdmin, "");
		row("engine count, store manager", t.countStore, "");
		row("engine materialize (count + " + sample + " ids), corp admin", t.runAdmin, "");
		row("engine materialize (count + " + sample + " ids), store mgr", t.runStore, "");
		row("engine count, tag-only part of the rule", t.tagEngine, "");
		row("raw RoaringBitmap floor, tag-only part", t.tagFloor, "");
		row("engine count, corp admin, timings no GC fell into", t.countAdminNoGc,
				"(" + (t.countAdmin.getTotalCount() - t.countAdminNoGc.getTotalCount()) + " left out)");
		row("raw RoaringBitmap floor, timings no GC fell into", t.tagFloorNoGc,
				"(" + (t.tagFloor.getTotalCount() - t.tagFloorNoGc.getTotalCount()) + " left out)");

		RulePasses.tail(t);
		passes.slowest(t);
		breakdown(admin, rules);
		if (sqlSide()) {
			new SqlBaselines(this).run(rules, t.countsAdmin, t.bestNanos);
		}
		updates(admin);
		System.out.printf(Locale.ROOT, "%n=== W1 segments: %,d customers, %d tags, db=%s ===%n", customers, tagIds.length,
				o.get("db"));
		System.out.printf(Locale.ROOT, "index build (first use) %.1f s; %.0f bytes/customer (engine figure), %.0f"
				+ " (heap delta)%n", buildSeconds, stats.bytesPerCustomer(), (heapAfter - heapBefore) / (double) all);
		rows.forEach(System.out::println);
		System.out.println("load at the end: " + SyncBench.load());
	}

	// --- data

	void organization() {
		Actor platform = Actor.platform(0, "bench", null);
		corp = Actors.callAs(platform, () -> siyu.bean(Corps.class).create("Segments", false).id());
		OrgUnits units = siyu.bean(OrgUnits.class);
		StaffDirectory directory = siyu.bean(StaffDirectory.class);
		int perStore = Integer.parseInt(o.get("staff-per-store"));
		Actors.runAs(Actor.system(corp), () -> {
			OrgUnit hq = units.tree().get(0);
			for (int r = 0; r < Integer.parseInt(o.get("regions")); r++) {
				OrgUnit region = units.create(hq.id(), "大区" + r, OrgUnitKind.REGION);
				regions.add(region.id());
				List<Long> mine = new ArrayList<>();
				for (int s = 0; s < Integer.parseInt(o.get("stores-per-region")); s++) {
					OrgUnit store = units.create(region.id(), "门店" + r + "-" + s, OrgUnitKind.STORE);
					mine.add(store.id());
					stores.add(store.id());
					for (int g = 0; g < perStore; g++) {
						String userid = "g" + r + "s" + s + "n" + g;
						staff.add(new long[] { directory.create(userid, "导购" + userid, store.id(), "导购", null).id(),
								store.id() });
						userids.add(userid);
					}
				}
				storesOf.put(region.id(), mine);
			}
		});
		// tags as WeCom's tag list read by a sync (the path tests use): 40 groups of 50
		int tagCount = Integer.parseInt(o.get("tags"));
		List<CorpTagsFetched.Group> groups = new ArrayList<>();
		for (int g = 0; g * 50 < tagCount; g++) {
			List<CorpTagsFetched.Tag> tags = new ArrayList<>();
			for (int t = g * 50; t < Math.min(tagCount, g * 50 + 50); t++) {
				tags.add(new CorpTagsFetched.Tag("wt-" + t, "标签" + t, t));
			}
			groups.add(new CorpTagsFetched.Group("wg-" + g, "标签组" + g, g, tags));
		}
		Actors.runAs(Actor.system(corp), () -> siyu.bean(TransactionTemplate.class).executeWithoutResult(
				s -> siyu.context.publishEvent(new CorpTagsFetched(corp, null, groups,
						Instant.now()))));
		Map<String, Long> byWecom = new HashMap<>();
		try (Connection c = connection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select wecom_id, id from tag where corp_id = " + corp)) {
			while (rs.next()) {
				byWecom.put(rs.getString(1), rs.getLong(2));
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
		tagIds = new long[tagCount];
		for (int t = 0; t < tagCount; t++) {
			tagIds[t] = byWecom.get("wt-" + t);
		}
		System.out.printf(Locale.ROOT, "corp %d: %d regions, %d stores, %d staff, %d tags%n", corp, regions.size(),
				stores.size(), staff.size(), tagIds.length);
	}

	static final String[] STAGES = { "NEW", "NEW", "NEW", "ENGAGED", "ENGAGED", "FIRST_PURCHASE", "REPEAT", "LOYAL",
			"DORMANT", "LOST" };

	/**
	 * Writes the customers, relations, tags and events; returns relation, tag-row and event counts. Tag rank r is held by
	 * a share ∝ 1/r of the customers (Zipf over ranks; about 4 tags per customer on average, the top tag ~50%).
	 */
	long[] load(boolean reuse) throws SQLException {
		floorTags = new RoaringBitmap[tagIds.length];
		for (int t = 0; t < tagIds.length; t++) {
			floorTags[t] = new RoaringBitmap();
		}
		double[] zipf = zipf(tagIds.length);
		long relations = 0, tagRows = 0, events = 0;
		Instant now = reuse ? Instant.parse(meta("now")) : Instant.now();
		loadedAt = now;
		List<String[]> indexes = new ArrayList<>();
		SegmentRows rows;
		if (reuse) {
			firstId = Long.parseLong(meta("first_id"));
			rows = new SegmentRows.None();
		}
		else {
			try (Connection c = connection(); Statement s = c.createStatement();
					ResultSet rs = s.executeQuery("select coalesce(max(id), 0) + 1000 from customer")) {
				rs.next();
				firstId = rs.getLong(1);
			}
			if (sqlSide()) {
				sql("create table bench_customer_tags (customer_id bigint primary key, tags int[] not null)");
			}
			if (copy()) {
				indexes = dropIndexes();
			}
			rows = copy() ? new SegmentRows.Copy(connection()) : new SegmentRows.Batches(connection(), sqlSide());
		}
		try (SegmentRows out = rows) {
			long started = System.nanoTime();
			for (int i = 0; i < customers; i++) {
				long id = firstId + i;
				Instant added = now.minusSeconds(random.nextInt(2 * 365 * 86400));
				int owner = random.nextInt(staff.size());
				String state = random.nextInt(3) == 0 ? "ch" + (int) (50 * Math.pow(random.nextDouble(), 2)) : null;
				boolean second = random.nextInt(10) == 0;
				boolean ownerActive = random.nextInt(20) != 0;
				int g = random.nextInt(20);
				out.customer(id, corp, g < 2 ? 0 : g < 11 ? 1 : 2, STAGES[random.nextInt(STAGES.length)], added, state,
						(ownerActive ? 1 : 0) + (second ? 1 : 0));
				relations += relation(out, id, owner, added, state, ownerActive);
				if (second) {
					int other = random.nextInt(staff.size());
					if (other != owner) {
						relations += relation(out, id, other, added.plusSeconds(86400), null, true);
					}
				}
				// tags: a geometric number of picks (mean ~4), each a Zipf rank
				int picks = (int) Math.floor(-Math.log(1 - random.nextDouble()) * 4.5);
				java.util.TreeSet<Integer> ranks = new java.util.TreeSet<>();
				for (int k = 0; k < picks; k++) {
					ranks.add(sample(zipf, random.nextDouble()));
				}
				for (int rank : ranks) {
					out.tag(corp, id, tagIds[rank], userids.get(owner), added);
					floorTags[rank].add(i);
					tagRows++;
				}
				if (sqlSide() && !reuse) {
					out.tagArray(id, ranks.stream().map(r -> String.valueOf(tagIds[r]))
						.collect(Collectors.joining(",", "{", "}")));
				}
				// behaviour over 90 days
				if (random.nextInt(100) < 35) {
					int orders = 1 + (int) Math.floor(-Math.log(1 - random.nextDouble()) * 1.2);
					for (int k = 0; k < orders; k++) {
						long cents = (long) (Math.exp(8 + 1.3 * random.nextGaussian()));
						events += event(out, id, "order_paid", now, null, Math.max(100, Math.min(cents, 5_000_000)));
					}
				}
				if (random.nextInt(100) < 45) {
					int clicks = 1 + random.nextInt(6);
					for (int k = 0; k < clicks; k++) {
						events += event(out, id, "link_clicked", now, "L" + (int) (30 * Math.pow(random.nextDouble(), 2)),
								null);
					}
				}
				if (random.nextInt(10) == 0) {
					events += event(out, id, "group_joined", now, "G" + random.nextInt(50), null);
				}
				if ((i + 1) % 5000 == 0 || i == customers - 1) {
					out.chunk();
					if ((i + 1) % 1_000_000 == 0) {
						System.out.printf(Locale.ROOT, "  %,d customers generated (%.0f s)%n", i + 1,
								(System.nanoTime() - started) / 1e9);
					}
				}
			}
		}
		if (!indexes.isEmpty()) {
			long t0 = System.nanoTime();
			try (Connection c = connection(); Statement s = c.createStatement()) {
				s.execute("set maintenance_work_mem = '1GB'");
				for (String[] index : indexes) {
					s.execute(index[1]);
				}
			}
			System.out.printf(Locale.ROOT, "  %d secondary indexes re-created in %.1f s%n", indexes.size(),
					(System.nanoTime() - t0) / 1e9);
		}
		return new long[] { relations, tagRows, events };
	}

	/** The SQL baselines run (PostgreSQL, {@code --sql-rules} &gt; 0): only then the {@code int[]} side table is loaded. */
	boolean sqlSide() {
		return postgres && Integer.parseInt(o.get("sql-rules")) > 0;
	}

	/** COPY on PostgreSQL unless {@code --load=jdbc}. */
	boolean copy() {
		return postgres && !"jdbc".equals(o.get("load"));
	}

	/**
	 * Drops the secondary indexes of the four tables the load writes (primary keys and constraints stay) and returns
	 * their definitions, to be re-created after the load: building an index once is much faster than maintaining it
	 * row by row, and the result is the same schema.
	 */
	List<String[]> dropIndexes() throws SQLException {
		List<String[]> indexes = new ArrayList<>();
		try (Connection c = connection(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("select i.indexname, i.indexdef from pg_indexes i where i.schemaname = current_schema()"
						+ " and i.tablename in ('customer', 'customer_follow', 'customer_tag', 'customer_event')"
						+ " and not exists (select 1 from pg_constraint k where k.conname = i.indexname)")) {
			while (rs.next()) {
				indexes.add(new String[] { rs.getString(1), rs.getString(2) });
			}
		}
		for (String[] index : indexes) {
			sql("drop index " + index[0]);
		}
		return indexes;
	}

	/** When the data was generated: event times and "added" dates are relative to it. */
	Instant loadedAt;

	String meta(String key) throws SQLException {
		try (Connection c = connection()) {
			try (ResultSet t = c.getMetaData().getTables(null, null, "bench_segment_meta", null)) {
				if (!t.next()) {
					return null;
				}
			}
			try (PreparedStatement p = c.prepareStatement("select v from bench_segment_meta where k = ?")) {
				p.setString(1, key);
				try (ResultSet rs = p.executeQuery()) {
					return rs.next() ? rs.getString(1) : null;
				}
			}
		}
	}

	/** What a later run with {@code --reuse-db} needs to measure the same data and rules. */
	void saveMeta(long[] loaded) throws SQLException {
		sql("create table if not exists bench_segment_meta (k varchar(40) primary key, v varchar(200) not null)");
		if (meta("complete") != null) {
			for (String k : List.of("customers", "seed", "tags")) {
				if (!meta(k).equals(o.get(k))) {
					throw new IllegalStateException("--reuse-db: the database holds " + k + "=" + meta(k) + ", not " + o.get(k));
				}
			}
			return;
		}
		Map<String, String> values = new LinkedHashMap<>();
		values.put("corp", String.valueOf(corp));
		values.put("first_id", String.valueOf(firstId));
		values.put("now", loadedAt.toString());
		values.put("customers", o.get("customers"));
		values.put("seed", o.get("seed"));
		values.put("tags", o.get("tags"));
		values.put("rows", Arrays.toString(loaded));
		values.put("gin", String.valueOf(sqlSide()));
		values.put("complete", "true");
		try (Connection c = connection();
				PreparedStatement p = c.prepareStatement("insert into bench_segment_meta (k, v) values (?, ?)")) {
			for (Map.Entry<String, String> e : values.entrySet()) {
				p.setString(1, e.getKey());
				p.setString(2, e.getValue());
				p.executeUpdate();
			}
		}
	}

	/** A reused database: the corp, org, staff and tags as the first run created them (ids ascend in creation order). */
	void reopen() throws SQLException {
		for (String k : List.of("customers", "seed", "tags")) {
			if (!meta(k).equals(o.get(k))) {
				throw new IllegalStateException("--reuse-db: the database holds " + k + "=" + meta(k) + ", not " + o.get(k));
			}
		}
		corp = Long.parseLong(meta("corp"));
		try (Connection c = connection(); Statement s = c.createStatement()) {
			s.execute("delete from customer_tag where corp_id = " + corp + " and source = 'SIYU'"); // a previous run's updates
			try (ResultSet rs = s.executeQuery("select id, kind, parent_id from org_unit where corp_id = " + corp
					+ " and kind in ('REGION', 'STORE') order by id")) {
				while (rs.next()) {
					if (rs.getString(2).equals("REGION")) {
						regions.add(rs.getLong(1));
						storesOf.put(rs.getLong(1), new ArrayList<>());
					}
					else {
						stores.add(rs.getLong(1));
						storesOf.get(rs.getLong(3)).add(rs.getLong(1));
					}
				}
			}
			try (ResultSet rs = s.executeQuery("select id, org_unit_id, userid from staff where corp_id = " + corp
					+ " order by id")) {
				while (rs.next()) {
					staff.add(new long[] { rs.getLong(1), rs.getLong(2) });
					userids.add(rs.getString(3));
				}
			}
			int tagCount = Integer.parseInt(o.get("tags"));
			Map<String, Long> byWecom = new HashMap<>();
			try (ResultSet rs = s.executeQuery("select wecom_id, id from tag where corp_id = " + corp)) {
				while (rs.next()) {
					byWecom.put(rs.getString(1), rs.getLong(2));
				}
			}
			tagIds = new long[tagCount];
			for (int t = 0; t < tagCount; t++) {
				tagIds[t] = byWecom.get("wt-" + t);
			}
		}
		System.out.printf(Locale.ROOT, "corp %d (reused): %d regions, %d stores, %d staff, %d tags%n", corp,
				regions.size(), stores.size(), staff.size(), tagIds.length);
	}

	int relation(SegmentRows out, long id, int who, Instant at, String state, boolean active) throws SQLException {
		long[] s = staff.get(who);
		out.follow(corp, id, userids.get(who), s[0], s[1], at, state, active);
		return 1;
	}

	int event(SegmentRows out, long id, String kind, Instant now, String ref, Long amount) throws SQLException {
		out.event(corp, id, kind, now.minusSeconds(60 + random.nextInt(90 * 86400)), ref, amount);
		return 1;
	}

	static double[] zipf(int n) {
		double[] cdf = new double[n];
		double sum = 0;
		for (int i = 0; i < n; i++) {
			sum += 1.0 / (i + 1);
			cdf[i] = sum;
		}
		for (int i = 0; i < n; i++) {
			cdf[i] /= sum;
		}
		return cdf;
	}

	static int sample(double[] cdf, double u) {
		int i = Arrays.binarySearch(cdf, u);
		return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
	}

	// --- rules

	/**
	 * Random rules of 3–10 predicates, ANDed; a quarter of the predicates paired with the next one by OR, some negated.
	 * Tags of "any" and "all" are mostly picked by popularity (Zipf, as operators pick the common ones), "none" half
	 * by popularity, half uniformly.
	 */
	List<Expr> rules(int n) {
		Random r = new Random(Long.parseLong(o.get("seed")) * 31);
		double[] zipf = zipf(tagIds.length);
		List<Expr> rules = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			int predicates = 3 + r.nextInt(8);
			List<Expr> items = new ArrayList<>();
			int made = 0;
			while (made < predicates) {
				Expr p = predicate(r, zipf);
				made++;
				if (made < predicates && r.nextInt(4) == 0) {
					p = new Expr.Or(List.of(p, predicate(r, zipf)));
					made++;
				}
				else if (!(p instanceof Expr.Tags) && r.nextInt(8) == 0) {
					p = new Expr.Not(p);
				}
				items.add(p);
			}
			rules.add(new Expr.And(items));
		}
		return rules;
	}

	Expr predicate(Random r, double[] zipf) {
		switch (r.nextInt(12)) {
			case 0, 1, 2: // tags any
				return new Expr.Tags(Expr.Match.ANY, tags(r, zipf, 1 + r.nextInt(4), r.nextInt(4) > 0));
			case 3: // tags all
				return new Expr.Tags(Expr.Match.ALL, tags(r, zipf, 2, true));
			case 4: // tags none
				return new Expr.Tags(Expr.Match.NONE, tags(r, zipf, 1 + r.nextInt(2), r.nextBoolean()));
			case 5:
				return r.nextBoolean() ? new Expr.Gender(List.of(1 + r.nextInt(2)))
						: new Expr.StageIn(List.of(STAGES[r.nextInt(STAGES.length)], STAGES[r.nextInt(STAGES.length)]).stream()
							.distinct().toList());
			case 6:
				return new Expr.Channel(List.of("ch" + r.nextInt(10), "ch" + (10 + r.nextInt(40))));
			case 7:
				return r.nextBoolean() ? new Expr.AddedWithin(new int[] { 7, 30, 90, 180, 365 }[r.nextInt(5)])
						: new Expr.Added(r.nextBoolean() ? Expr.Cmp.GE : Expr.Cmp.LT, today.minusDays(r.nextInt(700)));
			case 8:
				if (r.nextBoolean()) {
					return new Expr.StaffIn(List.of(staff.get(r.nextInt(staff.size()))[0], staff.get(r.nextInt(staff.size()))[0])
						.stream().distinct().toList());
				}
				return new Expr.UnitIn(List.of(r.nextInt(3) == 0 ? regions.get(r.nextInt(regions.size()))
						: stores.get(r.nextInt(stores.size()))));
			default:
				return switch (r.nextInt(5)) {
					case 0 -> new Expr.Behaviour(Expr.Metric.COUNT, "link_clicked", "L" + r.nextInt(10), Expr.Cmp.GE, 1, 7);
					case 1 -> new Expr.Behaviour(Expr.Metric.COUNT, "order_paid", null, Expr.Cmp.GE, 2, 90);
					case 2 -> new Expr.Behaviour(Expr.Metric.SUM, "order_paid", null, Expr.Cmp.GE, 50_000, 365);
					case 3 -> new Expr.Behaviour(Expr.Metric.COUNT, "order_paid", null, Expr.Cmp.LT, 1, 60);
					default -> new Expr.Behaviour(Expr.Metric.COUNT, "group_joined", "G" + r.nextInt(50), Expr.Cmp.GE, 1, 30);
				};
		}
	}

	List<Long> tags(Random r, double[] zipf, int n, boolean popular) {
		List<Long> ids = new ArrayList<>();
		while (ids.size() < n) {
			int rank = popular ? sample(zipf, r.nextDouble()) : r.nextInt(tagIds.length);
			if (!ids.contains(tagIds[rank])) {
				ids.add(tagIds[rank]);
			}
		}
		return ids;
	}

	/** The rule's top-level tag predicates, ANDed (null when it has none). */
	static Expr tagPart(Expr rule) {
		List<Expr> tags = ((Expr.And) rule).items().stream().filter(e -> e instanceof Expr.Tags).toList();
		return tags.isEmpty() ? null : tags.size() == 1 ? tags.get(0) : new Expr.And(tags);
	}

	/** The tag-only part as plain RoaringBitmap algebra on the prebuilt bitmaps. */
	long floor(Expr tags) {
		List<Expr> items = tags instanceof Expr.And and ? and.items() : List.of(tags);
		Map<Long, Integer> rank = rankOf();
		RoaringBitmap result = null;
		RoaringBitmap exclude = null;
		for (Expr e : items) {
			Expr.Tags t = (Expr.Tags) e;
			RoaringBitmap[] bitmaps = t.tagIds().stream().map(id -> floorTags[rank.get(id)]).toArray(RoaringBitmap[]::new);
			switch (t.match()) {
				case ANY -> result = result == null ? FastAggregation.or(bitmaps) : RoaringBitmap.and(result, FastAggregation.or(bitmaps));
				case ALL -> result = result == null ? FastAggregation.and(bitmaps) : RoaringBitmap.and(result, FastAggregation.and(bitmaps));
				case NONE -> exclude = exclude == null ? FastAggregation.or(bitmaps) : RoaringBitmap.or(exclude, FastAggregation.or(bitmaps));
			}
		}
		if (result == null) {
			return customers - exclude.getCardinality();
		}
		return exclude == null ? result.getCardinality() : RoaringBitmap.andNotCardinality(result, exclude);
	}

	private Map<Long, Integer> ranks;

	Map<Long, Integer> rankOf() {
		if (ranks == null) {
			ranks = new HashMap<>();
			for (int t = 0; t < tagIds.length; t++) {
				ranks.put(tagIds[t], t);
			}
		}
		return ranks;
	}

	/** Count latency of each predicate alone, by kind (where the time of a rule goes). */
	void breakdown(Actor admin, List<Expr> rules) {
		Map<String, Histogram> kinds = new java.util.TreeMap<>();
		for (int run = 0; run < 2; run++) {
			for (Expr rule : rules) {
				for (Expr p : ((Expr.And) rule).items()) {
					long t = System.nanoTime();
					Actors.callAs(admin, () -> engine.count(p));
					long nanos = System.nanoTime() - t;
					if (run > 0) {
						record(kinds.computeIfAbsent(kind(p), k -> new Histogram(3)), nanos);
					}
				}
			}
		}
		System.out.println("count of one predicate alone, corp admin, by kind:");
		kinds.forEach((k, h) -> System.out.printf(Locale.ROOT, "  %-40s p50 %8.3f ms  p99 %8.3f ms  n=%d%n", k,
				h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getTotalCount()));
	}

	static String kind(Expr p) {
		if (p instanceof Expr.Not not) {
			return "not " + kind(not.item());
		}
		if (p instanceof Expr.Or) {
			return "or of two";
		}
		if (p instanceof Expr.Tags t) {
			return "tags " + t.match().name().toLowerCase(Locale.ROOT);
		}
		if (p instanceof Expr.Behaviour b) {
			return b.metric().name().toLowerCase(Locale.ROOT) + "(" + b.kind() + (b.ref() == null ? "" : ", ref") + ") "
					+ b.cmp().symbol() + " " + b.value() + " in " + b.days() + " days";
		}
		return p.getClass().getSimpleName();
	}

	// --- incremental updates

	/**
	 * A tag applied by SQL (as the tagging module writes it) and announced with {@link CustomersChanged} after commit:
	 * how long until {@code count} shows it — one customer at a time (latency), then batches (updates per second).
	 */
	void updates(Actor admin) throws SQLException {
		long tagId = tagIds[tagIds.length / 2];
		Expr has = new Expr.Tags(Expr.Match.ANY, List.of(tagId));
		TransactionTemplate tx = siyu.bean(TransactionTemplate.class);
		ApplicationEventPublisher events = siyu.context;
		RoaringBitmap holders = floorTags[tagIds.length / 2].clone();
		Random r = new Random(99);
		Histogram latency = new Histogram(3);
		try (Connection c = connection()) {
			int latencyRuns = Integer.parseInt(o.get("latency-runs"));
			for (int i = 0; i < latencyRuns; i++) {
				List<Long> ids = fresh(holders, r, 1);
				long nanos = apply(c, tx, events, admin, has, tagId, ids);
				record(latency, nanos);
			}
			row("tag applied → visible in count, 1 customer", latency, latencyRuns + " runs; SQL insert + commit + event included");
			for (String size : o.get("update-batches").split(",")) {
				int n = Math.min(Integer.parseInt(size), customers - holders.getCardinality() - 1);
				List<Long> ids = fresh(holders, r, n);
				long nanos = apply(c, tx, events, admin, has, tagId, ids);
				rows.add(String.format(Locale.ROOT, "%-58s %9.1f ms total  %,10.0f updates/s", "tag applied to "
						+ n + " customers → visible in count", nanos / 1e6, n / (nanos / 1e9)));
			}
		}
	}

	List<Long> fresh(RoaringBitmap holders, Random r, int n) {
		List<Long> ids = new ArrayList<>();
		while (ids.size() < n) {
			int ord = r.nextInt(customers);
			if (holders.checkedAdd(ord)) {
				ids.add(firstId + ord);
			}
		}
		return ids;
	}

	/** Inserts the tag rows, commits, publishes the change; returns nanos until the count has moved by ids.size(). */
	long apply(Connection c, TransactionTemplate tx, ApplicationEventPublisher events, Actor admin, Expr has, long tagId,
			List<Long> ids) throws SQLException {
		long before = Actors.callAs(admin, () -> engine.count(has));
		long started = System.nanoTime();
		c.setAutoCommit(false);
		try (PreparedStatement p = c.prepareStatement("insert into customer_tag (corp_id, customer_id, tag_id, userid,"
				+ " tagged_at, source) values (?, ?, ?, '', current_timestamp, 'SIYU')")) {
			for (Long id : ids) {
				p.setLong(1, corp);
				p.setLong(2, id);
				p.setLong(3, tagId);
				p.addBatch();
			}
			p.executeBatch();
		}
		c.commit();
		// announced in events of at most 1,000 customers (the event publication log stores each serialized)
		Actors.runAs(Actor.system(corp), () -> tx.executeWithoutResult(s -> {
			for (int from = 0; from < ids.size(); from += 1000) {
				events.publishEvent(new CustomersChanged(corp, List.copyOf(ids.subList(from, Math.min(ids.size(), from + 1000)))));
			}
		}));
		long deadline = started + 600_000_000_000L;
		while (Actors.callAs(admin, () -> engine.count(has)) < before + ids.size()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("tag not visible after 600 s");
			}
			java.util.concurrent.locks.LockSupport.parkNanos(200_000); // leave the cores to the index worker
		}
		return System.nanoTime() - started;
	}

	// --- helpers

	Connection connection() throws SQLException {
		String url = siyu.databaseUrl();
		return postgres ? DriverManager.getConnection(url + "?reWriteBatchedInserts=true", "postgres", "")
				: DriverManager.getConnection(url, "sa", "");
	}

	void sql(String statement) throws SQLException {
		try (Connection c = connection(); Statement s = c.createStatement()) {
			s.execute(statement);
		}
	}

	static long usedHeap() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	static void record(Histogram h, long nanos) {
		h.recordValue(Math.max(1, nanos / 1000));
	}

	void row(String name, Histogram h, String note) {
		String line = String.format(Locale.ROOT, "%-58s p50 %9.2f ms  p99 %9.2f ms  max %9.2f ms  n=%d  %s", name,
				h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
				h.getTotalCount(), note);
		rows.add(line);
		System.out.println(line);
	}

	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
	}

}
