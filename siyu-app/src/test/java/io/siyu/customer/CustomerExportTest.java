package io.siyu.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.siyu.ConsoleBrowser;
import io.siyu.Http;
import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;

/**
 * Customer exports over real HTTP: REST and console, CSV and Excel parsed back, filters, data scope, phone masking by
 * role, the permission, large exports as a job with a download, tenant isolation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomerExportTest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

	@Autowired
	CustomFields fields;

	@Autowired
	CustomerExports exports;

	TestCorp.Fixture a;

	Map<String, Long> tags;

	long alice;

	final HttpClient client = HttpClient.newHttpClient();

	@BeforeEach
	void data() {
		a = corps.create();
		tags = customers.tags(a.corpId(), Map.of("等级", List.of("金卡", "银卡")));
		Instant t = Instant.now().minus(2, ChronoUnit.DAYS);
		String gold = TestCustomers.wecomTagId(a.corpId(), "等级", "金卡");
		Map<String, Long> ids = customers.customers(a.corpId(), List.of(
				Customer.of("wmA" + a.tag(), "Alice", new Follow(a.staff().get(0).userid(), null, t, "store-1",
						List.of(gold), List.of("13800138000"))),
				Customer.of("wmB" + a.tag(), "=Bob", Follow.by(a.staff().get(1).userid(), t.plusSeconds(60))),
				Customer.of("wmC" + a.tag(), "Carol", Follow.by(a.staff().get(4).userid(), t.plusSeconds(120), gold))));
		alice = ids.get("wmA" + a.tag());
		Actors.runAs(a.actor(Role.CORP_ADMIN), () -> {
			fields.define("level", "会员等级", CustomField.Type.MULTI, List.of("金", "银"));
			fields.set(alice, Map.of("level", List.of("金", "银")));
		});
	}

	@Test
	void csvAndExcelParseBackWithTheListsFiltersAndWholePhonesForAdmins() throws Exception {
		List<CSVRecord> csv = csv(get("/api/v1/customers/export?format=csv&sort=ADDED_ASC", a.adminToken()));
		assertThat(csv.get(0).get(0)).isEqualTo("客户ID");
		assertThat(csv.get(0).toList()).contains("手机号", "标签", "会员等级");
		assertThat(csv).hasSize(4);
		Map<String, String> aliceRow = row(csv, "Alice");
		assertThat(aliceRow.get("手机号")).isEqualTo("13800138000");
		assertThat(aliceRow.get("标签")).isEqualTo("金卡");
		assertThat(aliceRow.get("会员等级")).isEqualTo("金、银");
		assertThat(aliceRow.get("生命周期")).isEqualTo("新客");
		assertThat(aliceRow.get("渠道")).isEqualTo("store-1");
		// a name a spreadsheet would run as a formula is written as text
		assertThat(row(csv, "'=Bob")).isNotNull();

		List<CSVRecord> gold = csv(get("/api/v1/customers/export?format=csv&tagsAny=" + tags.get("金卡"), a.adminToken()));
		assertThat(gold.stream().skip(1).map(r -> r.get(2)).toList()).containsExactlyInAnyOrder("Alice", "Carol");

		List<List<String>> xlsx = xlsx(get("/api/v1/customers/export?format=xlsx&q=alice", a.adminToken()));
		assertThat(xlsx).hasSize(2);
		assertThat(xlsx.get(0).get(3)).isEqualTo("手机号");
		assertThat(xlsx.get(1).get(2)).isEqualTo("Alice");
		assertThat(xlsx.get(1).get(3)).isEqualTo("13800138000");
		assertThat(xlsx.get(1).get(0)).isEqualTo(String.valueOf(alice));

		HttpResponse<byte[]> bad = get("/api/v1/customers/export?format=pdf", a.adminToken());
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
	}

	@Test
	void aStoreManagerExportsTheirStoreWithMaskedPhonesAndAGuideMayNotExport() throws Exception {
		List<CSVRecord> store = csv(get("/api/v1/customers/export?format=csv", a.storeToken()));
		assertThat(store.stream().skip(1).map(r -> r.get(2)).toList()).containsExactlyInAnyOrder("Alice", "'=Bob");
		assertThat(row(store, "Alice").get("手机号")).isEqualTo("138****8000");
		assertThat(new String(get("/api/v1/customers/export?format=csv", a.storeToken()).body(), StandardCharsets.UTF_8))
			.doesNotContain("13800138000");
		assertThat(get("/api/v1/customers/export?format=csv", a.guideToken()).statusCode()).isEqualTo(403);

		TestCorp.Fixture b = corps.create();
		List<CSVRecord> other = csv(get("/api/v1/customers/export?format=csv", b.adminToken()));
		assertThat(other).hasSize(1);

		// the console's export button, as the store manager
		ConsoleBrowser browser = new ConsoleBrowser(port);
		browser.login(a.user("store"), TestCorp.PASSWORD);
		assertThat(browser.get("/console/customers").body()).contains("id=\"export-xlsx\"");
		HttpResponse<byte[]> file = browser.download("/console/customers/export?format=xlsx&sort=NAME");
		assertThat(file.headers().firstValue("Content-Disposition").orElseThrow()).contains(".xlsx");
		List<List<String>> rows = xlsx(file);
		// an Excel text cell is never run as a formula: the name stays as it is
		assertThat(rows.stream().skip(1).map(r -> r.get(2)).toList()).containsExactly("=Bob", "Alice");
	}

	@Test
	void aLargeExportRunsAsAJobWithADownload() throws Exception {
		int previous = exports.atOnce(1);
		try {
			Http http = new Http(port);
			Http.Response started = http.get("/api/v1/customers/export?format=csv&status=ACTIVE", a.adminToken());
			assertThat(started.status()).isEqualTo(202);
			long job = started.json().get("jobId").asLong();
			String status = "QUEUED";
			for (int i = 0; i < 200 && !status.equals("DONE") && !status.equals("FAILED"); i++) {
				Thread.sleep(100);
				status = http.get("/api/v1/customers/export-jobs/" + job, a.adminToken()).json().get("status").asString();
			}
			assertThat(status).isEqualTo("DONE");
			Http.Response done = http.get("/api/v1/customers/export-jobs/" + job, a.adminToken());
			assertThat(done.json().get("total").asInt()).isEqualTo(3);
			assertThat(done.json().get("fileUrl").asString()).endsWith("/file");
			List<CSVRecord> csv = csv(get("/api/v1/customers/export-jobs/" + job + "/file", a.adminToken()));
			assertThat(csv).hasSize(4);

			// someone else's export job is not found
			assertThat(get("/api/v1/customers/export-jobs/" + job + "/file", a.storeToken()).statusCode()).isEqualTo(404);
			TestCorp.Fixture b = corps.create();
			assertThat(http.get("/api/v1/customers/export-jobs/" + job, b.adminToken()).status()).isEqualTo(404);

			// in the console: the job page shows progress and then the download link
			ConsoleBrowser browser = new ConsoleBrowser(port);
			browser.login(a.user("operator"), TestCorp.PASSWORD);
			HttpResponse<String> redirect = browser.get("/console/customers/export?format=xlsx");
			String location = redirect.headers().firstValue("Location").orElseThrow();
			assertThat(location).contains("/console/customers/jobs/");
			String page = "";
			for (int i = 0; i < 200 && !page.contains("id=\"job-download\""); i++) {
				Thread.sleep(100);
				page = browser.get(location).body();
			}
			assertThat(page).contains("id=\"job-download\"", "已完成");
			long consoleJob = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
			assertThat(xlsx(browser.download("/console/customers/exports/" + consoleJob + "/file"))).hasSize(4);
		}
		finally {
			exports.atOnce(previous);
		}
	}

	private HttpResponse<byte[]> get(String path, String token) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static List<CSVRecord> csv(HttpResponse<byte[]> response) throws Exception {
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		String text = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(text).startsWith("\uFEFF");
		return CSVFormat.DEFAULT.parse(new StringReader(text.substring(1))).getRecords();
	}

	private static Map<String, String> row(List<CSVRecord> records, String name) {
		List<String> header = records.get(0).toList();
		for (CSVRecord r : records.subList(1, records.size())) {
			if (r.get(2).equals(name)) {
				Map<String, String> row = new java.util.HashMap<>();
				for (int i = 0; i < header.size(); i++) {
					row.put(header.get(i), r.get(i));
				}
				return row;
			}
		}
		throw new AssertionError("no row for " + name);
	}

	private static List<List<String>> xlsx(HttpResponse<byte[]> response) throws Exception {
		assertThat(response.statusCode()).isEqualTo(200);
		List<List<String>> rows = new ArrayList<>();
		try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(response.body()))) {
			for (Row r : book.getFirstSheet().read()) {
				List<String> cells = new ArrayList<>();
				for (int c = 0; c < r.getCellCount(); c++) {
					cells.add(r.getCellText(c));
				}
				rows.add(cells);
			}
		}
		return rows;
	}
}
