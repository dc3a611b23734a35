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

import io.siyu.bench.CallbackIntakeBench.Payload;
import io.siyu.bench.CallbackIntakeBench.Result;
import io.siyu.bench.CallbackIntakeBench.Target;

/** W3's baselines, measured on the same payloads right after each Siyu run: WxJava's decrypt, XML parsing, a JDBC batch. */
final class W3Baselines {

	private final double baselineSeconds;

	W3Baselines(double baselineSeconds) {
		this.baselineSeconds = baselineSeconds;
	}

	Result wxjava(List<Payload> payloads, int threads, String wecomCorpId) throws Exception {
		WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
		config.setCorpId(wecomCorpId);
		config.setAgentId(CallbackIntakeBench.AGENT);
		config.setToken(CallbackIntakeBench.TOKEN);
		config.setAesKey(CallbackIntakeBench.KEY);
		Histogram[] hist = new Histogram[threads];
		AtomicInteger cursor = new AtomicInteger();
		AtomicLong bad = new AtomicLong();
		AtomicInteger sent = new AtomicInteger();
		List<Thread> ts = new ArrayList<>();
		long start = System.nanoTime();
		long stop = start + (long) (baselineSeconds * 1e9);
		for (int t = 0; t < threads; t++) {
			Histogram h = hist[t] = new Histogram(60_000_000_000L, 3);
			Thread thread = new Thread(() -> {
				// cycles over the round's payloads until the time bound (decryption is stateless)
				while (System.nanoTime() < stop) {
					sent.incrementAndGet();
					Payload p = payloads.get(cursor.getAndIncrement() % payloads.size());
					long s = System.nanoTime();
					WxCpXmlMessage m = WxCpXmlMessage.fromEncryptedXml(p.body(), config, p.timestamp(), p.nonce(), p.signature());
					h.recordValue(System.nanoTime() - s);
					if (m.getExternalUserId() == null) {
						bad.incrementAndGet();
					}
				}
			});
			ts.add(thread);
			thread.start();
		}
		for (Thread t : ts) {
			t.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Histogram all = new Histogram(60_000_000_000L, 3);
		for (Histogram h : hist) {
			all.add(h);
		}
		Result r = new Result(sent.get() / seconds, all.getValueAtPercentile(50) / 1e6,
				all.getValueAtPercentile(99) / 1e6, all.getMaxValue() / 1e6, 0, sent.get());
		System.out.printf(Locale.ROOT, "  WxJava parse+decrypt %d thread(s): %,6d in %6.2f s = %,8.0f/s  p50 %6.3f ms  p99 %6.3f ms%s%n",
				threads, sent.get(), seconds, r.perSecond(), r.p50ms(), r.p99ms(), bad.get() == 0 ? "" : " BAD " + bad);
		return r;
	}

	// ------------------------------------------------------------------------- where the time goes: XML parsing alone

	interface Parser {

		Map<String, String> parse(String xml) throws Exception;
	}

	/** Siyu's own CallbackXml.parse (package-private; called reflectively): a new DocumentBuilder per call, under a lock. */
	static Parser siyuParser() throws Exception {
		java.lang.reflect.Method m = Class.forName("io.siyu.wecom.callback.CallbackXml").getDeclaredMethod("parse", String.class);
		m.setAccessible(true);
		return xml -> {
			@SuppressWarnings("unchecked")
			Map<String, String> fields = (Map<String, String>) m.invoke(null, xml);
			return fields;
		};
	}

	/** The same secure factory settings, but one DocumentBuilder per thread, reset and reused: no lock, no rebuild. */
	static Parser reusedBuilderParser() throws Exception {
		javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
		factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
		factory.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
		factory.setXIncludeAware(false);
		factory.setExpandEntityReferences(false);
		ThreadLocal<javax.xml.parsers.DocumentBuilder> builders = ThreadLocal.withInitial(() -> {
			try {
				return factory.newDocumentBuilder();
			}
			catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
		return xml -> {
			javax.xml.parsers.DocumentBuilder b = builders.get();
			b.reset();
			org.w3c.dom.Element root = b.parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
				.getDocumentElement();
			Map<String, String> fields = new LinkedHashMap<>();
			org.w3c.dom.NodeList children = root.getChildNodes();
			for (int i = 0; i < children.getLength(); i++) {
				if (children.item(i) instanceof org.w3c.dom.Element child) {
					fields.put(child.getTagName(), child.getTextContent().trim());
				}
			}
			return fields;
		};
	}

	/** What the intake parses per callback: the envelope and the decrypted event (the processor parses a third time). */
	Result xmlParse(List<Payload> payloads, int threads, Parser parser, String label) throws Exception {
		Histogram[] hist = new Histogram[threads];
		AtomicInteger cursor = new AtomicInteger();
		AtomicInteger sent = new AtomicInteger();
		AtomicLong bad = new AtomicLong();
		List<Thread> ts = new ArrayList<>();
		long start = System.nanoTime();
		long stop = start + (long) (baselineSeconds * 1e9);
		for (int t = 0; t < threads; t++) {
			Histogram h = hist[t] = new Histogram(60_000_000_000L, 3);
			Thread thread = new Thread(() -> {
				while (System.nanoTime() < stop) {
					sent.incrementAndGet();
					Payload p = payloads.get(cursor.getAndIncrement() % payloads.size());
					long s = System.nanoTime();
					try {
						Map<String, String> envelope = parser.parse(p.body());
						Map<String, String> event = parser.parse(p.plaintext());
						if (envelope.get("Encrypt") == null || event.get("ExternalUserID") == null) {
							bad.incrementAndGet();
						}
					}
					catch (Exception e) {
						bad.incrementAndGet();
					}
					h.recordValue(System.nanoTime() - s);
				}
			});
			ts.add(thread);
			thread.start();
		}
		for (Thread t : ts) {
			t.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Histogram all = new Histogram(60_000_000_000L, 3);
		for (Histogram h : hist) {
			all.add(h);
		}
		Result r = new Result(sent.get() / seconds, all.getValueAtPercentile(50) / 1e6,
				all.getValueAtPercentile(99) / 1e6, all.getMaxValue() / 1e6, 0, sent.get());
		System.out.printf(Locale.ROOT, "  %s, %d threads: %,6d in %6.2f s = %,8.0f/s  p50 %6.3f ms  p99 %6.3f ms%s%n", label,
				threads, sent.get(), seconds, r.perSecond(), r.p50ms(), r.p99ms(), bad.get() == 0 ? "" : " BAD " + bad);
		return r;
	}

	// ------------------------------------------------------------------------------------------------- JDBC baseline

	Result jdbcBatch(Target target, List<String> plaintexts) throws Exception {
		// the rows Siyu stores, computed up front: only the insert is measured
		List<String> keys = new ArrayList<>(plaintexts.size());
		MessageDigest sha = MessageDigest.getInstance("SHA-256");
		for (String p : plaintexts) {
			keys.add(HexFormat.of().formatHex(sha.digest(p.getBytes(StandardCharsets.UTF_8))));
		}
		long stop = System.nanoTime() + (long) (baselineSeconds * 1e9);
		int rows = 0;
		int batch = 500;
		Histogram h = new Histogram(60_000_000_000L, 3);
		long start = System.nanoTime();
		try (Connection c = target.dataSource().getConnection()) {
			c.setAutoCommit(false);
			try (PreparedStatement ps = c.prepareStatement("insert into bench_inbox (corp_id, dedup_key, event, change_type,"
					+ " payload, create_time, received_at) values (?, ?, ?, ?, ?, ?, ?)")) {
				long bs = System.nanoTime();
				for (int i = 0; i < plaintexts.size(); i++) {
					rows++;
					ps.setLong(1, target.corpId());
					ps.setString(2, keys.get(i));
					ps.setString(3, "change_external_contact");
					ps.setString(4, "add_external_contact");
					ps.setString(5, plaintexts.get(i));
					ps.setLong(6, Instant.now().getEpochSecond());
					ps.setTimestamp(7, Timestamp.from(Instant.now()));
					ps.addBatch();
					if ((i + 1) % batch == 0 || i == plaintexts.size() - 1) {
						ps.executeBatch();
						c.commit();
						h.recordValue(System.nanoTime() - bs);
						bs = System.nanoTime();
						if (bs > stop) {
							break;
						}
					}
				}
			}
			c.setAutoCommit(true);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Result r = new Result(rows / seconds, h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
				h.getMaxValue() / 1e6, 0, rows);
		System.out.printf(Locale.ROOT, "  JDBC batch insert: %,6d rows in %6.2f s = %,8.0f rows/s  (per batch of %d: p50 %.2f ms,"
				+ " p99 %.2f ms)%n", rows, seconds, r.perSecond(), batch, r.p50ms(), r.p99ms());
		return r;
	}

	// ---------------------------------------------------------------------------------------------------- statistics


}
