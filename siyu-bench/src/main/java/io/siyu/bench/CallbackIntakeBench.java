package io.siyu.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.HdrHistogram.Histogram;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.siyu.SiyuApplication;
import io.siyu.organization.Corps;
import io.siyu.organization.WeComSettingsChange;
import io.siyu.sandbox.CorpSpec;
import io.siyu.sandbox.SandboxCorp;
import io.siyu.sandbox.SandboxRules;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WorldSpec;
import io.siyu.sandbox.crypto.CallbackCrypto;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import me.chanjar.weixin.cp.bean.message.WxCpXmlMessage;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;

/**
 * W3 (callback ingestion, see /docs/benchmarks.md): Siyu running in-process on embedded Tomcat takes encrypted, signed
 * {@code add_external_contact} callbacks over loopback HTTP from a bounded number of concurrent clients; interleaved
 * in the same run with two baselines on the same payloads — WxJava's parse-and-decrypt alone (1 and 2 threads) and a
 * plain JDBC batch insert of the same rows into a table shaped like {@code wecom_inbox} on the same database.
 * Every run is bounded (a fixed number of callbacks per round, a fixed number of rounds, bounded waits).
 */
public final class CallbackIntakeBench {

	static final String TOKEN = "QDG6eK";

	static final String KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

	static final int AGENT = 1000002;

	static final int WARMUP_ITERATIONS = 8;

	final Options o;

	final List<String> report = new ArrayList<>();

	private final W3Baselines baselines;

	CallbackIntakeBench(Options o) {
		this.o = o;
		this.baselines = new W3Baselines(o.baselineSeconds);
	}

	public static void main(String[] args) throws Exception {
		Options o = Options.parse(args);
		CallbackIntakeBench bench = new CallbackIntakeBench(o);
		System.out.printf(Locale.ROOT, "W3 callback intake: %s; cores=%d, max heap %d MB, java %s%n", o,
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
		for (String db : o.dbs) {
			bench.run(db);
		}
		System.out.println();
		System.out.println("==== summary (medians over rounds) ====");
		bench.report.forEach(System.out::println);
		System.exit(0);
	}

	// ---------------------------------------------------------------------------------------------------------------

	record Event(String userid, String external, String plaintext) {
	}

	record Payload(String plaintext, String body, String timestamp, String nonce, String signature) {
	}

	record Result(double perSecond, double p50ms, double p99ms, double maxMs, double endToEndPerSecond, int count) {
	}

	void run(String db) throws Exception {
		System.out.println();
		System.out.println("==== database: " + db + " ====");
		String loadAtStart = load();
		System.out.println("load average: " + loadAtStart);
		String wecomCorpId = "wwbench" + o.seed;
		int perLevel = o.callbacks;
		int total = WARMUP_ITERATIONS * (o.warmup + o.jdbcRows) + o.rounds * o.clients.size() * (perLevel + o.jdbcRows) + o.duplicates + 16;

		// the WeCom API the app enriches added customers from: the in-process sandbox, limits lifted (WeCom's own
		// 10,000 calls/min would throttle enrichment, not intake)
		SandboxRules rules = new SandboxRules().callsPerMinute(Integer.MAX_VALUE).callsPerHour(Integer.MAX_VALUE)
			.concurrentCallsPerCorp(10_000);
		WeComSandbox sandbox = WeComSandbox.builder().host("127.0.0.1").port(0).seed(o.seed).rules(rules).build().start();
		SandboxCorp wecom = sandbox.createCorp(new CorpSpec(wecomCorpId, AGENT, "bench-secret",
				"http://127.0.0.1:9/unused", TOKEN, KEY));
		long t0 = System.nanoTime();
		wecom.seed(new WorldSpec(20, 10, total, 0, 0));
		List<Event> events = events(wecom, wecomCorpId, total);
		System.out.printf(Locale.ROOT, "sandbox seeded with %d customers in %.1f s%n", events.size(),
				(System.nanoTime() - t0) / 1e9);

		BenchApp siyuApp = BenchApp.start("w3", db, o.pgServer, o.pgUser);
		ConfigurableApplicationContext app = siyuApp.context;
		int port = siyuApp.port;
		System.out.printf(Locale.ROOT, "Siyu started on 127.0.0.1:%d in %.1f s (%s)%n", port, siyuApp.startSeconds,
				siyuApp.databaseUrl());
		try {
			long corpId = Actors.callAs(Actor.platform(0, "bench", null), () -> app.getBean(Corps.class).create("Bench", false).id());
			Actors.runAs(Actor.system(corpId), () -> app.getBean(Corps.class).updateWeComSettings(new WeComSettingsChange(
					wecomCorpId, AGENT, "bench-secret", TOKEN, KEY, sandbox.baseUrl())));
			JdbcTemplate jdbc = new JdbcTemplate(app.getBean(DataSource.class));
			jdbc.execute("create table bench_inbox (id bigint generated by default as identity primary key,"
					+ " corp_id bigint not null references corp (id), dedup_key varchar(64) not null,"
					+ " event varchar(64) not null, change_type varchar(64), payload varchar(65536) not null,"
					+ " create_time bigint not null, received_at timestamp with time zone not null,"
					+ " processed_at timestamp with time zone, attempts integer not null default 0, last_error varchar(1000),"
					+ " constraint bench_inbox_dedup unique (corp_id, dedup_key))");
			jdbc.execute("create index bench_inbox_pending on bench_inbox (processed_at, received_at)");
			Target target = new Target(URI.create("http://127.0.0.1:" + port + "/wecom/callback/" + wecomCorpId), corpId,
					jdbc, app.getBean(DataSource.class));

			Random random = new Random(o.seed);
			int next = 0;
			// warm-up: every path once, not measured
			// warm-up: every path, repeatedly, until --warmup-seconds are over (the JIT needs it, more so on a loaded
			// machine); at most WARMUP_ITERATIONS times, not measured
			W3Baselines.Parser siyuXml = W3Baselines.siyuParser();
			W3Baselines.Parser reusedXml = W3Baselines.reusedBuilderParser();
			double rate = 0;
			long warmEnd = System.nanoTime() + (long) (o.warmupSeconds * 1e9);
			for (int w = 0; w < WARMUP_ITERATIONS && (w == 0 || System.nanoTime() < warmEnd); w++) {
				List<Payload> warm = payloads(events.subList(next, next += o.warmup), wecomCorpId, random);
				rate = siyu(target, warm, w % 2 == 0 ? 8 : 32, "warm-up").perSecond();
				baselines.wxjava(warm, 2, wecomCorpId);
				baselines.xmlParse(warm, 2, siyuXml, "Siyu CallbackXml.parse x2");
				baselines.xmlParse(warm, 2, reusedXml, "reused DocumentBuilder x2");
				baselines.jdbcBatch(target, plaintexts(events.subList(next, next += o.jdbcRows)));
			}

			Map<String, List<Result>> results = new LinkedHashMap<>();
			for (int r = 1; r <= o.rounds; r++) {
				for (int clients : o.clients) {
					// enough for the time bound at 3x the last measured rate, at most --callbacks (encrypted just before)
					int n = (int) Math.min(perLevel, Math.ceil(rate * o.seconds * 3) + 1000);
					List<Payload> round = payloads(events.subList(next, next += n), wecomCorpId, random);
					Result siyu = siyu(target, round, clients, "round " + r);
					rate = Math.max(rate, siyu.perSecond());
					round = round.subList(0, siyu.count());
					add(results, "Siyu HTTP intake, " + clients + " clients", siyu);
					add(results, "WxJava parse+decrypt, 1 thread", baselines.wxjava(round, 1, wecomCorpId));
					add(results, "WxJava parse+decrypt, 2 threads", baselines.wxjava(round, 2, wecomCorpId));
					if (o.xml) {
						add(results, "(breakdown) Siyu CallbackXml.parse x2, 2 threads",
								baselines.xmlParse(round, 2, siyuXml, "Siyu CallbackXml.parse x2"));
						add(results, "(breakdown) per-thread reused DocumentBuilder x2, 2 threads",
								baselines.xmlParse(round, 2, reusedXml, "reused DocumentBuilder x2"));
					}
					// the rows of the callbacks just sent plus fresh ones up to --jdbc-rows (a batch baseline needs volume)
					List<String> rows = new ArrayList<>(plaintexts(round));
					int more = Math.max(0, o.jdbcRows - rows.size());
					rows.addAll(plaintexts(events.subList(next, next += more)));
					add(results, "JDBC batch insert (500/batch)", baselines.jdbcBatch(target, rows));
				}
			}

			// duplicates: every event of the round sent twice, shuffled; exactly one row each
			List<Payload> dup = payloads(events.subList(next, next += o.duplicates), wecomCorpId, random);
			List<Payload> twice = new ArrayList<>(dup);
			twice.addAll(dup);
			Collections.shuffle(twice, random);
			long before = target.inbox();
			Result d = siyu(target, twice, o.clients.get(o.clients.size() - 1), "duplicates x2", dup.size());
			long stored = target.inbox() - before;
			String dupLine = String.format(Locale.ROOT, "duplicate round: %d distinct events sent twice (%d requests, all 200) →"
					+ " %d rows stored (%s)", dup.size(), twice.size(), stored, stored == dup.size() ? "OK, 0 duplicates, 0 lost"
							: "MISMATCH");
			System.out.println(dupLine);

			long errors = jdbc.queryForObject("select count(*) from wecom_inbox where last_error is not null", Long.class);
			long pending = jdbc.queryForObject("select count(*) from wecom_inbox where processed_at is null", Long.class);
			long rows = target.inbox();
			String incomplete;
			try {
				incomplete = String.valueOf(jdbc.queryForObject(
						"select count(*) from event_publication where completion_date is null", Long.class));
			}
			catch (RuntimeException e) {
				incomplete = "n/a";
			}
			report.add("");
			report.add(String.format(Locale.ROOT, "### %s — %d rounds, each Siyu run ≤ %d callbacks or %.0f s, baselines ≤ %.0f s on the"
					+ " same payloads, seed %d", db, o.rounds, o.callbacks, o.seconds, o.baselineSeconds, o.seed));
			report.add("");
			report.add("| path | per s (median) | p50 ms | p99 ms | max ms | end-to-end processed per s | rounds (per s) |");
			report.add("|---|---:|---:|---:|---:|---:|---|");
			results.forEach((name, list) -> report.add(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s | %s | %s | %s |",
					name, median(list, Result::perSecond), fmt(median(list, Result::p50ms)), fmt(median(list, Result::p99ms)),
					fmt(median(list, Result::maxMs)), list.get(0).endToEndPerSecond() > 0
							? String.format(Locale.ROOT, "%,.0f", median(list, Result::endToEndPerSecond)) : "—",
					String.join(" / ", list.stream().map(x -> String.format(Locale.ROOT, "%,.0f", x.perSecond())).toList()))));
			report.add("");
			for (int level = 0; level < o.clients.size(); level++) {
				int clients = o.clients.get(level);
				String s = "Siyu HTTP intake, " + clients + " clients";
				report.add(String.format(Locale.ROOT, "- ratio Siyu (%d clients) / WxJava decrypt-only 2 threads: %.2f; / 1 thread: %.2f;"
						+ " / JDBC batch insert: %.2f (per-round ratios, median)", clients,
						medianRatio(results.get(s), results.get("WxJava parse+decrypt, 2 threads"), level, o.clients.size()),
						medianRatio(results.get(s), results.get("WxJava parse+decrypt, 1 thread"), level, o.clients.size()),
						medianRatio(results.get(s), results.get("JDBC batch insert (500/batch)"), level, o.clients.size())));
			}
			report.add("- " + dupLine);
			report.add("- load average (1/5/15 min) at start: " + loadAtStart + "; at end: " + load());
			report.add(String.format(Locale.ROOT, "- after the run: %d inbox rows, %d unprocessed, %d with a processing error;"
					+ " incomplete event publications (enrichment): %s", rows, pending, errors, incomplete));
		}
		finally {
			siyuApp.close();
			sandbox.stop();
		}
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

	static void add(Map<String, List<Result>> results, String name, Result r) {
		results.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
	}

	// --------------------------------------------------------------------------------------------------------- events

	static List<Event> events(SandboxCorp wecom, String wecomCorpId, int total) {
		List<Event> events = new ArrayList<>(total);
		long createTime = Instant.now().getEpochSecond();
		for (String staff : wecom.staffIds()) {
			for (String external : wecom.customersOf(staff)) {
				events.add(new Event(staff, external, "<xml><ToUserName><![CDATA[" + wecomCorpId + "]]></ToUserName>"
						+ "<FromUserName><![CDATA[sys]]></FromUserName><CreateTime>" + createTime + "</CreateTime>"
						+ "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>"
						+ "<ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[" + staff + "]]></UserID>"
						+ "<ExternalUserID><![CDATA[" + external + "]]></ExternalUserID><State><![CDATA[bench]]></State>"
						+ "<WelcomeCode><![CDATA[WC" + external + "]]></WelcomeCode></xml>"));
			}
		}
		if (events.size() < total) {
			throw new IllegalStateException("the sandbox seeded " + events.size() + " relations, need " + total);
		}
		Collections.shuffle(events, new Random(42));
		return events.subList(0, total);
	}

	/** Encrypted and signed just before use, so the timestamps are fresh (Siyu refuses anything 10 min away). */
	static List<Payload> payloads(List<Event> events, String wecomCorpId, Random random) {
		CallbackCrypto crypto = new CallbackCrypto(TOKEN, KEY, wecomCorpId);
		String ts = String.valueOf(Instant.now().getEpochSecond());
		List<Payload> out = new ArrayList<>(events.size());
		for (Event e : events) {
			String nonce = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
			String encrypted = crypto.encrypt(random16(random), e.plaintext());
			out.add(new Payload(e.plaintext(), CallbackCrypto.envelope(wecomCorpId, AGENT, encrypted), ts, nonce,
					crypto.sign(ts, nonce, encrypted)));
		}
		return out;
	}

	static List<String> plaintexts(List<?> items) {
		return items.stream().map(i -> i instanceof Payload p ? p.plaintext() : ((Event) i).plaintext()).toList();
	}

	static String random16(Random random) {
		String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
		StringBuilder b = new StringBuilder(16);
		for (int i = 0; i < 16; i++) {
			b.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return b.toString();
	}

	// ----------------------------------------------------------------------------------------------------------- Siyu

	record Target(URI uri, long corpId, JdbcTemplate jdbc, DataSource dataSource) {

		long inbox() {
			return jdbc.queryForObject("select count(*) from wecom_inbox where corp_id = ?", Long.class, corpId);
		}

		long unprocessed() {
			return jdbc.queryForObject("select count(*) from wecom_inbox where corp_id = ? and processed_at is null",
					Long.class, corpId);
		}
	}

	Result siyu(Target target, List<Payload> payloads, int clients, String label) throws Exception {
		return siyu(target, payloads, clients, label, -1);
	}

	Result siyu(Target target, List<Payload> payloads, int clients, String label, int expectedRows) throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5)).build();
		long before = target.inbox();
		Histogram[] hist = new Histogram[clients];
		AtomicInteger cursor = new AtomicInteger();
		AtomicInteger sent = new AtomicInteger();
		long stop = expectedRows < 0 ? System.nanoTime() + (long) (o.seconds * 1e9) : Long.MAX_VALUE;
		AtomicLong failures = new AtomicLong();
		CountDownLatch done = new CountDownLatch(clients);
		List<Thread> threads = new ArrayList<>();
		long start = System.nanoTime();
		for (int c = 0; c < clients; c++) {
			Histogram h = hist[c] = new Histogram(60_000_000_000L, 3);
			Thread t = new Thread(() -> {
				try {
					for (int i; System.nanoTime() < stop && (i = cursor.getAndIncrement()) < payloads.size();) {
						sent.incrementAndGet();
						Payload p = payloads.get(i);
						HttpRequest request = HttpRequest.newBuilder(URI.create(target.uri() + "?msg_signature="
								+ p.signature() + "&timestamp=" + p.timestamp() + "&nonce=" + p.nonce()))
							.timeout(Duration.ofSeconds(30))
							.header("Content-Type", "text/xml")
							.POST(HttpRequest.BodyPublishers.ofString(p.body(), StandardCharsets.UTF_8))
							.build();
						long s = System.nanoTime();
						try {
							HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
							h.recordValue(System.nanoTime() - s);
							if (response.statusCode() != 200 || !"success".equals(response.body())) {
								failures.incrementAndGet();
							}
						}
						catch (Exception e) {
							failures.incrementAndGet();
						}
					}
				}
				finally {
					done.countDown();
				}
			}, "bench-client-" + c);
			t.setDaemon(true);
			threads.add(t);
			t.start();
		}
		done.await();
		long acked = System.nanoTime();
		int count = sent.get();
		if (expectedRows < 0) {
			expectedRows = count;
		}
		// end-to-end: until every stored row of this corp is processed (bounded wait)
		long deadline = System.nanoTime() + Duration.ofSeconds(o.processTimeoutSeconds).toNanos();
		long unprocessed;
		while ((unprocessed = target.unprocessed()) > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		long processed = System.nanoTime();
		long stored = target.inbox() - before;
		Histogram all = new Histogram(60_000_000_000L, 3);
		for (Histogram h : hist) {
			all.add(h);
		}
		double seconds = (acked - start) / 1e9;
		Result r = new Result(count / seconds, all.getValueAtPercentile(50) / 1e6,
				all.getValueAtPercentile(99) / 1e6, all.getMaxValue() / 1e6,
				unprocessed == 0 ? expectedRows / ((processed - start) / 1e9) : 0, count);
		System.out.printf(Locale.ROOT, "  Siyu %-13s %2d clients: %,6d requests in %6.2f s = %,8.0f/s  p50 %6.2f ms  p99 %7.2f ms"
				+ "  max %7.2f ms | stored %d (expected %d) non-200 %d | all processed after %.2f s%s%n", label, clients,
				count, seconds, r.perSecond(), r.p50ms(), r.p99ms(), r.maxMs(), stored, expectedRows,
				failures.get(), (processed - start) / 1e9, unprocessed == 0 ? "" : " (" + unprocessed + " STILL UNPROCESSED)");
		if (stored != expectedRows || failures.get() > 0) {
			System.out.println("  !! LOSS OR FAILURE in round " + label);
			report.add("- !! " + label + " " + clients + " clients: stored " + stored + " of " + expectedRows + ", non-200 "
					+ failures.get());
		}
		return r;
	}

	interface Field {

		double of(Result r);
	}

	static double median(List<Result> list, Field f) {
		double[] v = list.stream().mapToDouble(f::of).sorted().toArray();
		return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}

	/**
	 * Ratio of a Siyu run to the baseline run right after it (same minute of the machine), then the median over rounds;
	 * baselines run after every Siyu run, so the one paired with round r at client level l is at r * levels + l.
	 */
	static double medianRatio(List<Result> a, List<Result> b, int level, int levels) {
		double[] v = new double[a.size()];
		for (int i = 0; i < a.size(); i++) {
			v[i] = a.get(i).perSecond() / b.get(i * levels + level).perSecond();
		}
		java.util.Arrays.sort(v);
		return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}

	static String fmt(double ms) {
		return ms < 1 ? String.format(Locale.ROOT, "%.3f", ms) : String.format(Locale.ROOT, "%.1f", ms);
	}

	// ------------------------------------------------------------------------------------------------------- options

	record Options(List<String> dbs, int callbacks, int rounds, List<Integer> clients, int warmup, int duplicates, long seed,
			String pgServer, String pgUser, int processTimeoutSeconds, double seconds, double baselineSeconds,
			double warmupSeconds, int jdbcRows, boolean xml) {

		static Options parse(String[] args) {
			Map<String, String> a = new LinkedHashMap<>();
			for (String arg : args) {
				if (!arg.startsWith("--") || !arg.contains("=")) {
					throw new IllegalArgumentException("expected --name=value, got " + arg);
				}
				a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
			return new Options(List.of(a.getOrDefault("db", "h2,postgres").split(",")),
					Integer.parseInt(a.getOrDefault("callbacks", "20000")), Integer.parseInt(a.getOrDefault("rounds", "3")),
					java.util.Arrays.stream(a.getOrDefault("clients", "8,32").split(",")).map(Integer::valueOf).toList(),
					Integer.parseInt(a.getOrDefault("warmup", "2000")), Integer.parseInt(a.getOrDefault("duplicates", "300")),
					Long.parseLong(a.getOrDefault("seed", "7")),
					a.getOrDefault("pg", "jdbc:postgresql://127.0.0.1:5432/"), a.getOrDefault("pg-user", "postgres"),
					Integer.parseInt(a.getOrDefault("process-timeout", "60")),
					Double.parseDouble(a.getOrDefault("seconds", "6")), Double.parseDouble(a.getOrDefault("baseline-seconds", "2")),
					Double.parseDouble(a.getOrDefault("warmup-seconds", "30")), Integer.parseInt(a.getOrDefault("jdbc-rows", "5000")),
					Boolean.parseBoolean(a.getOrDefault("xml-breakdown", "true")));
		}
	}
}
