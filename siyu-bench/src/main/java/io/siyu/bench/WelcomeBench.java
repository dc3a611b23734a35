package io.siyu.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.HdrHistogram.Histogram;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.siyu.acquisition.CodeDraft;
import io.siyu.acquisition.CodeKind;
import io.siyu.acquisition.LiveCode;
import io.siyu.acquisition.LiveCodes;
import io.siyu.acquisition.Rotation;
import io.siyu.acquisition.Welcome;
import io.siyu.organization.Corps;
import io.siyu.organization.WeComSettingsChange;
import io.siyu.sandbox.ClientActions;
import io.siyu.sandbox.CorpSpec;
import io.siyu.sandbox.Delivery;
import io.siyu.sandbox.SandboxCorp;
import io.siyu.sandbox.SandboxRules;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WelcomeMessage;
import io.siyu.sandbox.WorldSpec;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.wecom.sync.WeComSync;

/**
 * W6 (welcome within WeCom's 20 s window, see /docs/benchmarks.md): customers scan channel live codes in the in-process
 * WeCom sandbox at a fixed rate (continuously or in bursts); every scan makes the sandbox issue a welcome_code (valid
 * once for 20 s) and POST the encrypted {@code add_external_contact} callback to Siyu, which must call
 * {@code send_welcome_msg} in time. Measured per add from the sandbox's own records: welcome_code issued → the sandbox
 * accepting send_welcome_msg for it (p50/p99/max), missed welcomes (never accepted: too late, refused or never sent),
 * duplicates (a second send for a code already used). Baselines from the same adds: the callback POST's round trip
 * alone (sandbox → Siyu's 200) and add → callback acknowledged (includes the sandbox's delivery queue).
 *
 * <p>The adds are spread over {@code --corps} corps, one channel code each: WeCom allows 10,000 calls per minute per
 * corp and API (the sandbox enforces it, Siyu's gateway keeps below at 9,000), so one corp can welcome at most ~150
 * customers per second for long; 500 adds/s sustained are several corps (or short bursts).
 */
public final class WelcomeBench {

	static final String TOKEN = "QDG6eK";

	static final String KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

	static final int AGENT = 1000002;

	static final Duration WINDOW = Duration.ofSeconds(20);

	private static final Pattern WELCOME_CODE = Pattern.compile("<WelcomeCode><!\\[CDATA\\[([^\\]]+)]]>");

	final Options o;

	final List<String> report = new ArrayList<>();

	WelcomeBench(Options o) {
		this.o = o;
	}

	public static void main(String[] args) throws Exception {
		Options o = Options.parse(args);
		WelcomeBench bench = new WelcomeBench(o);
		System.out.printf(Locale.ROOT, "W6 welcome within 20 s: %s; cores=%d, max heap %d MB, java %s%n", o,
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
				System.getProperty("java.version"));
		for (String db : o.dbs) {
			bench.run(db);
		}
		System.out.println();
		System.out.println("==== summary ====");
		bench.report.forEach(System.out::println);
		System.exit(0);
	}

	record Corp(int index, SandboxCorp wecom, long siyuId, LiveCode code) {
	}

	/** An add as the driver made it: its corp, welcome code, and when the driver asked for it (monotonic and wall). */
	record Add(int corp, String welcomeCode, long issuedNanos, Instant issuedWall) {
	}

	void run(String db) throws Exception {
		System.out.println();
		System.out.println("==== database: " + db + " ====");
		String loadAtStart = load();
		System.out.println("load average: " + loadAtStart);
		int total = o.adds + o.warmup;
		// WeCom's limits as documented (10,000/min and 150,000/h per corp and API, 10 calls in flight per corp);
		// callbacks in parallel as WeCom sends them (the sandbox's default of 1 keeps order for tests)
		SandboxRules rules = new SandboxRules().callbackConcurrency(o.callbackConcurrency)
			.deliveryLogLimit(total + 10_000);
		WeComSandbox sandbox = WeComSandbox.builder().host("127.0.0.1").port(0).seed(o.seed).rules(rules).build().start();
		BenchApp siyuApp = BenchApp.start("w6", db, o.pg, o.pgUser);
		ConfigurableApplicationContext app = siyuApp.context;
		System.out.printf(Locale.ROOT, "Siyu started on 127.0.0.1:%d in %.1f s (%s)%n", siyuApp.port, siyuApp.startSeconds,
				siyuApp.databaseUrl());
		try {
			JdbcTemplate jdbc = new JdbcTemplate(app.getBean(DataSource.class));
			List<Corp> corps = new ArrayList<>();
			for (int i = 0; i < o.corps; i++) {
				corps.add(connect(app, jdbc, sandbox, siyuApp.port, i));
			}
			System.out.printf(Locale.ROOT, "%d corps connected, one channel code each (%s, %d members, welcome \"%s\")%n",
					corps.size(), o.rotation, o.members, o.welcome);

			// warm-up: the same path at half the rate, not measured; then wait until its welcomes have settled
			if (o.warmup > 0) {
				List<Add> warm = drive(corps, o.warmup, o.rate / 2, 0, 0, "warm-up");
				settle(corps, warm);
				Result w = measure(corps, warm, sandbox, 0);
				System.out.printf(Locale.ROOT, "warm-up: %s%n", w.line());
				long from = System.nanoTime();
				while (jdbc.queryForObject("select count(*) from wecom_inbox where processed_at is null", Long.class) > 0
						&& System.nanoTime() - from < o.catchUpSeconds * 1_000_000_000L) {
					Thread.sleep(500);
				}
				System.out.printf(Locale.ROOT, "warm-up processing caught up after %.1f s more%n", (System.nanoTime() - from) / 1e9);
			}

			String loadBefore = load();
			long siyuFrom = Instant.now().getEpochSecond() - 1;
			long t0 = System.nanoTime();
			long cpu0 = cpuNanos();
			List<Add> adds = drive(corps, o.adds, o.rate, o.burstSeconds, o.pauseSeconds, "measured");
			double driveSeconds = (System.nanoTime() - t0) / 1e9;
			settle(corps, adds);
			double cpuMsPerAdd = (cpuNanos() - cpu0) / 1e6 / adds.size();
			Result r = measure(corps, adds, sandbox, driveSeconds);
			System.out.printf(Locale.ROOT, "JVM CPU (Siyu + sandbox%s) per add, until settled: %.2f ms%n",
					db.equals("h2") ? " + H2" : "", cpuMsPerAdd);
			String loadAfter = load();
			System.out.println("measured: " + r.line());

			// the rest of each add (customer, relation, attribution) gave way to the welcomes: how long until it caught up
			long catchUpFrom = System.nanoTime();
			long backlog = jdbc.queryForObject("select count(*) from wecom_inbox where processed_at is null", Long.class);
			while (jdbc.queryForObject("select count(*) from wecom_inbox where processed_at is null", Long.class) > 0
					&& System.nanoTime() - catchUpFrom < o.catchUpSeconds * 1_000_000_000L) {
				Thread.sleep(500);
			}
			double catchUp = (System.nanoTime() - catchUpFrom) / 1e9;
			System.out.printf(Locale.ROOT, "processing backlog when the welcomes had settled: %,d callbacks; caught up %.1f s later%n",
					backlog, catchUp);
			Map<String, Double> errors = new java.util.TreeMap<>();
			app.getBean(io.micrometer.core.instrument.MeterRegistry.class).find("siyu.wecom.errors").counters()
				.forEach(c -> errors.merge(c.getId().getTag("api") + " " + c.getId().getTag("errcode"), c.count(), Double::sum));
			System.out.println("WeCom errors seen by Siyu's gateway (api errcode = count, whole run): " + errors);
			Map<String, Long> statuses = new LinkedHashMap<>();
			jdbc.query("select status, count(*) from acq_welcome where issued_at >= ? group by status order by status",
					rs -> {
						statuses.put(rs.getString(1), rs.getLong(2));
					}, java.sql.Timestamp.from(Instant.ofEpochSecond(siyuFrom)));
			long unprocessed = jdbc.queryForObject("select count(*) from wecom_inbox where processed_at is null", Long.class);
			String incomplete;
			try {
				incomplete = String.valueOf(jdbc.queryForObject(
						"select count(*) from event_publication where completion_date is null", Long.class));
			}
			catch (RuntimeException e) {
				incomplete = "n/a";
			}

			report.add("");
			report.add(String.format(Locale.ROOT, "### %s — %,d adds at %.0f/s over %d corps%s, seed %d", db, o.adds, o.rate,
					o.corps, o.burstSeconds > 0 ? String.format(Locale.ROOT, ", bursts of %.0f s every %.0f s", o.burstSeconds,
							o.burstSeconds + o.pauseSeconds) : ", continuous", o.seed));
			report.add("");
			report.add("| measure | n | p50 ms | p99 ms | max ms |");
			report.add("|---|---:|---:|---:|---:|");
			report.add(row("add → send_welcome_msg accepted", r.welcome()));
			report.add(row("baseline: add → callback acknowledged (sandbox queue + POST)", r.delivered()));
			report.add(row("baseline: callback POST → Siyu 200 (round trip alone)", r.roundTrip()));
			report.add("");
			report.add(String.format(Locale.ROOT, "- achieved add rate: %,.0f/s overall (%,d adds in %.1f s)%s", r.rate(),
					adds.size(), driveSeconds, o.burstSeconds > 0 ? String.format(Locale.ROOT, "; %,.0f/s inside bursts",
							r.burstRate()) : ""));
			report.add(String.format(Locale.ROOT, "- welcomes: %,d sent, **%,d missed** (%,d refused as expired), %,d duplicates;"
					+ " callbacks not delivered: %,d", r.welcome().getTotalCount(), r.missed(), r.expired(), r.duplicates(),
					r.undelivered()));
			report.add(String.format(Locale.ROOT, "- ratio p50 welcome / p50 callback round trip: %.1f; p99 / p99: %.1f",
					ratio(r.welcome(), r.roundTrip(), 50), ratio(r.welcome(), r.roundTrip(), 99)));
			report.add(String.format(Locale.ROOT, "- processing (customer, relation, attribution) gives way to welcomes: backlog when"
					+ " the welcomes had settled %,d callbacks, all processed %.1f s later (drive %.1f s)", backlog, catchUp,
					driveSeconds));
			report.add("- WeCom errors answered to Siyu's gateway during the whole run (api errcode = count): " + errors);
			report.add("- Siyu's acq_welcome rows of the measured adds by status: " + statuses + "; unprocessed inbox rows: "
					+ unprocessed + "; incomplete event publications: " + incomplete);
			report.add(String.format(Locale.ROOT, "- CPU of this JVM (Siyu, sandbox%s) per add, drive start until settled: %.2f ms"
					+ " (%.0f adds/s would need %.1f cores)", db.equals("h2") ? ", H2" : "", cpuMsPerAdd, o.rate,
					cpuMsPerAdd * o.rate / 1000));
			report.add("- load average (1/5/15 min) at start: " + loadAtStart + "; before the measured adds: " + loadBefore
					+ "; after: " + loadAfter);
		}
		finally {
			siyuApp.close();
			sandbox.stop();
		}
	}

	/** A sandbox corp with one department of {@code members} staff, connected to a new Siyu corp with a channel code. */
	Corp connect(ConfigurableApplicationContext app, JdbcTemplate jdbc, WeComSandbox sandbox, int port, int i) {
		String wecomCorpId = "wwwelcome" + o.seed + "x" + i;
		SandboxCorp wecom = sandbox.createCorp(new CorpSpec(wecomCorpId, AGENT, "bench-secret-" + i, null, TOKEN, KEY));
		wecom.seed(new WorldSpec(1, o.members, 0, 0, 0));
		Corps corps = app.getBean(Corps.class);
		long corpId = Actors.callAs(Actor.platform(0, "bench", null), () -> corps.create("W6 " + i, false).id());
		Actors.runAs(Actor.system(corpId), () -> corps.updateWeComSettings(new WeComSettingsChange(wecomCorpId, AGENT,
				"bench-secret-" + i, TOKEN, KEY, sandbox.baseUrl())));
		app.getBean(WeComSync.class).run(corpId);
		wecom.callbackUrl("http://127.0.0.1:" + port + "/wecom/callback/" + wecomCorpId);
		long root = jdbc.queryForObject("select id from org_unit where corp_id = ? and parent_id is null", Long.class, corpId);
		List<CodeDraft.CodeMember> members = wecom.staffIds().stream().map(u -> new CodeDraft.CodeMember(u, false)).toList();
		LiveCode code = Actors.callAs(Actor.system(corpId), () -> app.getBean(LiveCodes.class).create(CodeKind.CHANNEL,
				new CodeDraft("直播间 " + i, root, o.rotation, null, "ALWAYS", null, null, members, List.of(), List.of(),
						List.of(), Welcome.text(o.welcome), null)));
		if (code.qrUrl() == null) {
			throw new IllegalStateException("the code's contact way was not created: " + code.syncError());
		}
		return new Corp(i, wecom, corpId, code);
	}

	/**
	 * Open loop: add k is due at its place in the schedule (k / rate, pauses between bursts) and goes to corp k mod
	 * corps; a driver that falls behind sends at once (the achieved rate says so).
	 */
	List<Add> drive(List<Corp> corps, int n, double rate, double burstSeconds, double pauseSeconds, String label) {
		List<Add> adds = new ArrayList<>(n);
		long perBurst = burstSeconds > 0 ? Math.max(1, Math.round(rate * burstSeconds)) : Long.MAX_VALUE;
		long start = System.nanoTime();
		long nextReport = start + 5_000_000_000L;
		for (int k = 0; k < n; k++) {
			long burst = k / perBurst;
			double offset = burst * (burstSeconds + pauseSeconds) + (k % perBurst) / rate;
			long due = start + (long) (offset * 1e9);
			long wait;
			while ((wait = due - System.nanoTime()) > 0) {
				LockSupport.parkNanos(Math.min(wait, 1_000_000));
			}
			Corp c = corps.get(k % corps.size());
			Instant wall = Instant.now();
			ClientActions.Added added = c.wecom().actions().customerScans(c.code().state());
			adds.add(new Add(c.index(), added.welcomeCode(), System.nanoTime(), wall));
			if (System.nanoTime() > nextReport) {
				nextReport = System.nanoTime() + 5_000_000_000L;
				int sent = corps.stream().mapToInt(x -> x.wecom().welcomeMessages().size()).sum();
				System.out.printf(Locale.ROOT, "  %s: %,d adds after %.0f s, %,d welcomes accepted so far (all phases), load %s%n",
						label, k + 1, (System.nanoTime() - start) / 1e9, sent, load());
			}
		}
		return adds;
	}

	/** Until every add has its welcome or its window has closed (plus a margin); then the callbacks are idle. */
	void settle(List<Corp> corps, List<Add> adds) throws InterruptedException {
		long until = adds.get(adds.size() - 1).issuedNanos() + WINDOW.toNanos() + 2_000_000_000L;
		Set<String> wanted = new HashSet<>();
		adds.forEach(a -> wanted.add(a.welcomeCode()));
		while (System.nanoTime() < until) {
			long sent = corps.stream().flatMap(c -> c.wecom().welcomeMessages().stream())
				.filter(w -> wanted.contains(w.welcomeCode()))
				.count();
			if (sent == wanted.size()) {
				return;
			}
			Thread.sleep(500);
		}
	}

	record Result(Histogram welcome, Histogram delivered, Histogram roundTrip, long missed, long expired,
			long duplicates, long undelivered, double rate, double burstRate) {

		String line() {
			return String.format(Locale.ROOT, "welcome p50 %s ms p99 %s ms max %s ms (n=%,d) | missed %,d (refused as expired"
					+ " %,d) duplicates %,d | callback ack p50 %s p99 %s ms, POST round trip p50 %s p99 %s ms | %,.0f adds/s",
					ms(welcome, 50), ms(welcome, 99), ms(welcome, 100), welcome.getTotalCount(), missed, expired, duplicates,
					ms(delivered, 50), ms(delivered, 99), ms(roundTrip, 50), ms(roundTrip, 99), rate);
		}
	}

	Result measure(List<Corp> corps, List<Add> adds, WeComSandbox sandbox, double driveSeconds) {
		Map<String, Add> byCode = new HashMap<>();
		adds.forEach(a -> byCode.put(a.welcomeCode(), a));
		Histogram welcome = histogram();
		Map<String, Instant> issuedWall = new HashMap<>();
		Set<String> sent = new HashSet<>();
		for (Corp c : corps) {
			for (WelcomeMessage w : c.wecom().welcomeMessages()) {
				if (byCode.containsKey(w.welcomeCode())) {
					sent.add(w.welcomeCode());
					issuedWall.put(w.welcomeCode(), w.codeIssuedWall());
					welcome.recordValue(Math.max(0, w.realLatency().toNanos()));
				}
			}
		}
		long duplicates = 0;
		long expired = 0;
		for (Corp c : corps) {
			for (WelcomeMessage.Refused r : c.wecom().welcomeRefusals()) {
				if (!byCode.containsKey(r.welcomeCode())) {
					continue;
				}
				if (r.used()) {
					duplicates++;
				}
				else {
					expired++;
				}
			}
		}
		Histogram delivered = histogram();
		Histogram roundTrip = histogram();
		Set<String> acknowledged = new HashSet<>();
		for (Delivery d : sandbox.callbacks().deliveries()) {
			Matcher m = WELCOME_CODE.matcher(d.plaintext());
			if (d.duplicate() || !m.find() || !byCode.containsKey(m.group(1))) {
				continue;
			}
			String code = m.group(1);
			if (d.status() == Delivery.Status.DELIVERED) {
				acknowledged.add(code);
				roundTrip.recordValue(d.lastRoundTrip().toNanos());
				// the sandbox's issue time where a welcome was sent (as the welcome latency), else the driver's: the
				// callbacks of missed adds count too
				Instant issued = issuedWall.getOrDefault(code, byCode.get(code).issuedWall());
				delivered.recordValue(Math.max(0, Duration.between(issued, d.lastAttemptAt()).toNanos()));
			}
		}
		long missed = adds.size() - sent.size();
		double span = (adds.get(adds.size() - 1).issuedNanos() - adds.get(0).issuedNanos()) / 1e9;
		double rate = driveSeconds > 0 ? adds.size() / driveSeconds : adds.size() / Math.max(span, 1e-3);
		// inside bursts: the drive time minus the pauses between bursts
		double burstRate = rate;
		if (o.burstSeconds > 0) {
			long perBurst = Math.max(1, Math.round(o.rate * o.burstSeconds));
			long pauses = (adds.size() - 1) / perBurst;
			burstRate = adds.size() / Math.max(1e-3, driveSeconds - pauses * o.pauseSeconds);
		}
		return new Result(welcome, delivered, roundTrip, missed, expired, duplicates, adds.size() - acknowledged.size(),
				rate, burstRate);
	}

	static Histogram histogram() {
		return new Histogram(3_600_000_000_000L, 3);
	}

	static String ms(Histogram h, double percentile) {
		if (h.getTotalCount() == 0) {
			return "—";
		}
		double v = (percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile)) / 1e6;
		return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
	}

	static double ratio(Histogram a, Histogram b, double percentile) {
		if (a.getTotalCount() == 0 || b.getTotalCount() == 0) {
			return Double.NaN;
		}
		return (double) a.getValueAtPercentile(percentile) / Math.max(1, b.getValueAtPercentile(percentile));
	}

	static String row(String name, Histogram h) {
		return String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s |", name, h.getTotalCount(), ms(h, 50), ms(h, 99),
				ms(h, 100));
	}

	static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	static String load() {
		try {
			String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
			return f[0] + " / " + f[1] + " / " + f[2];
		}
		catch (Exception e) {
			return "n/a";
		}
	}

	record Options(List<String> dbs, int adds, double rate, int corps, int members, double burstSeconds,
			double pauseSeconds, int warmup, int catchUpSeconds, int callbackConcurrency, Rotation rotation, String welcome, long seed,
			String pg, String pgUser) {

		static Options parse(String[] args) {
			Map<String, String> a = new HashMap<>();
			for (String arg : args) {
				if (!arg.startsWith("--") || !arg.contains("=")) {
					throw new IllegalArgumentException("options are --name=value: " + arg);
				}
				a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
			double rate = Double.parseDouble(a.getOrDefault("rate", "500"));
			// at most ~100 adds/s per corp by default: WeCom's 10,000 calls/min per corp and API (Siyu keeps to 9,000)
			int corps = Integer.parseInt(a.getOrDefault("corps", String.valueOf(Math.max(1, (int) Math.ceil(rate / 100)))));
			Options o = new Options(List.of(a.getOrDefault("db", "h2,postgres").split(",")),
					Integer.parseInt(a.getOrDefault("adds", "10000")), rate, corps,
					Integer.parseInt(a.getOrDefault("members", "5")),
					Double.parseDouble(a.getOrDefault("burst-seconds", "0")),
					Double.parseDouble(a.getOrDefault("pause-seconds", "0")),
					Integer.parseInt(a.getOrDefault("warmup", "2000")),
					Integer.parseInt(a.getOrDefault("catchup-seconds", "600")),
					Integer.parseInt(a.getOrDefault("callback-concurrency", "8")),
					Rotation.valueOf(a.getOrDefault("rotation", "ROUND_ROBIN")),
					a.getOrDefault("welcome", "你好 {customer}，我是{staff}，欢迎关注"),
					Long.parseLong(a.getOrDefault("seed", "6")),
					a.getOrDefault("pg", "jdbc:postgresql://127.0.0.1:5432/"), a.getOrDefault("pg-user", "postgres"));
			a.keySet().removeAll(List.of("db", "adds", "rate", "corps", "members", "burst-seconds", "pause-seconds",
					"warmup", "catchup-seconds", "callback-concurrency", "rotation", "welcome", "seed", "pg", "pg-user"));
			if (!a.isEmpty()) {
				throw new IllegalArgumentException("unknown options " + a.keySet());
			}
			return o;
		}
	}
}
