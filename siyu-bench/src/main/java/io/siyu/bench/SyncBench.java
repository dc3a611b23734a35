package io.siyu.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.siyu.SiyuApplication;
import io.siyu.organization.Corps;
import io.siyu.organization.WeComSettingsChange;
import io.siyu.sandbox.CorpSpec;
import io.siyu.sandbox.SandboxCorp;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WorldSpec;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.wecom.sync.SyncResult;
import io.siyu.wecom.sync.WeComSync;
import me.chanjar.weixin.cp.api.WxCpService;
import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;
import me.chanjar.weixin.cp.bean.external.contact.WxCpExternalContactBatchInfo;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;

/**
 * Full sync of N customers from the WeCom sandbox (WeCom's rate limits on), interleaved with its floor in the same
 * run: the same batch/get_by_user paging through WxJava with nothing written. Each round syncs a fresh corp, then
 * syncs it again (the idempotent re-run). Usage: {@code siyu-bench/run.sh SyncBench --customers=100000 --db=h2}.
 */
public final class SyncBench {

	static final String TOKEN = "QDG6eK";

	static final String KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

	public static void main(String[] args) throws Exception {
		Map<String, String> o = new LinkedHashMap<>(Map.of("customers", "100000", "db", "h2", "rounds", "2",
				"staff-per-store", "10", "stores", "100", "pg", "jdbc:postgresql://127.0.0.1:5432/", "seed", "11"));
		BenchOptions.parse(args, o);
		int customers = Integer.parseInt(o.get("customers"));
		int rounds = Integer.parseInt(o.get("rounds"));
		WorldSpec world = new WorldSpec(Integer.parseInt(o.get("stores")), Integer.parseInt(o.get("staff-per-store")),
				customers, 0, 30);
		System.out.printf(Locale.ROOT, "W-sync: %d customers, %d staff, db=%s, rounds=%d, load %s%n", customers,
				world.departments() * world.staffPerDepartment(), o.get("db"), rounds, load());
		WeComSandbox sandbox = WeComSandbox.builder().host("127.0.0.1").port(0).seed(Long.parseLong(o.get("seed")))
			.build().start();
		BenchApp siyu = BenchApp.start("sync", o.get("db"), o.get("pg"), "postgres");
		ConfigurableApplicationContext app = siyu.context;
		List<double[]> rows = new ArrayList<>();
		try {
			JdbcTemplate jdbc = new JdbcTemplate(app.getBean(DataSource.class));
			for (int round = 1; round <= rounds; round++) {
				final int r = round;
				String wecomCorpId = "wwsync" + r;
				SandboxCorp wecom = sandbox.createCorp(new CorpSpec(wecomCorpId, 1000002, "s" + r, null, TOKEN, KEY));
				long t0 = System.nanoTime();
				wecom.seed(world);
				double seed = (System.nanoTime() - t0) / 1e9;
				double floor = floor(sandbox.baseUrl(), wecomCorpId, "s" + r, wecom.staffIds());
				long corp = Actors.callAs(Actor.platform(0, "bench", null),
						() -> app.getBean(Corps.class).create("Sync " + r, false).id());
				Actors.runAs(Actor.system(corp), () -> app.getBean(Corps.class).updateWeComSettings(
						new WeComSettingsChange(wecomCorpId, 1000002, "s" + r, TOKEN, KEY, sandbox.baseUrl())));
				t0 = System.nanoTime();
				SyncResult full = app.getBean(WeComSync.class).run(corp);
				double first = (System.nanoTime() - t0) / 1e9;
				t0 = System.nanoTime();
				SyncResult again = app.getBean(WeComSync.class).run(corp);
				double second = (System.nanoTime() - t0) / 1e9;
				Long relations = jdbc.queryForObject("select count(*) from customer_follow where corp_id = ? and active = true",
						Long.class, corp);
				System.out.printf(Locale.ROOT,
						"round %d: sandbox seeded in %.1f s | floor (WxJava paging, no writes) %.1f s | Siyu full sync %.1f s"
								+ " (%d calls, %d items, %s) | re-sync %.1f s (%s) | relations mirrored %d | ratio %.2f%n",
						r, seed, floor, first, full.calls(), full.items(), full.outcome(), second, again.outcome(), relations,
						first / floor);
				rows.add(new double[] { floor, first, second, relations });
			}
		}
		finally {
			siyu.close();
			sandbox.stop();
		}
		System.out.printf(Locale.ROOT, "median: floor %.1f s, full sync %.1f s (%.0f relations/s), re-sync %.1f s,"
				+ " ratio full/floor %.2f; load %s%n", median(rows, 0), median(rows, 1), median(rows, 3) / median(rows, 1),
				median(rows, 2), median(rows, 1) / median(rows, 0), load());
	}

	/** The API floor: every relation paged through batch/get_by_user with WxJava, 100 userids per call, nothing stored. */
	static double floor(String baseUrl, String corpId, String secret, List<String> staff) throws Exception {
		WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
		config.setCorpId(corpId);
		config.setCorpSecret(secret);
		config.setBaseApiUrl(baseUrl);
		WxCpService service = new WxCpServiceImpl();
		service.setWxCpConfigStorage(config);
		long t0 = System.nanoTime();
		long seen = 0;
		for (int i = 0; i < staff.size(); i += 100) {
			String[] batch = staff.subList(i, Math.min(staff.size(), i + 100)).toArray(String[]::new);
			String cursor = null;
			do {
				WxCpExternalContactBatchInfo page = service.getExternalContactService().getContactDetailBatch(batch, cursor, 100);
				seen += page.getExternalContactList() == null ? 0 : page.getExternalContactList().size();
				cursor = page.getNextCursor();
			}
			while (cursor != null && !cursor.isEmpty());
		}
		if (seen == 0) {
			throw new IllegalStateException("the floor saw no relations");
		}
		return (System.nanoTime() - t0) / 1e9;
	}

	static double median(List<double[]> rows, int column) {
		double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
		return values.length % 2 == 1 ? values[values.length / 2]
				: (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
	}

	static String load() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (Exception e) {
			return "?";
		}
	}
}
