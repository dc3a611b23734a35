package io.siyu.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.ConsoleBrowser;
import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;

/**
 * Customer import through the console over real HTTP: upload, mapping, a check that reports bad rows by row number
 * and writes nothing, an all-or-nothing apply (CSV and Excel), refused files, data scope and tenant isolation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomerImportTest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

	@Autowired
	CustomFields fields;

	@Autowired
	CustomerJobs jobs;

	@Autowired
	JdbcClient jdbc;

	TestCorp.Fixture a;

	Map<String, Long> tags;

	long alice;

	long bob;

	long carol;

	@BeforeEach
	void data() {
		a = corps.create();
		tags = customers.tags(a.corpId(), Map.of("等级", List.of("金卡", "银卡")));
		Instant t = Instant.now().minus(2, ChronoUnit.DAYS);
		Map<String, Long> ids = customers.customers(a.corpId(), List.of(
				Customer.of("wmA" + a.tag(), "Alice", new Follow(a.staff().get(0).userid(), null, t, null, List.of(),
						List.of("13800138000"))),
				Customer.of("wmB" + a.tag(), "Bob", Follow.by(a.staff().get(1).userid(), t)),
				Customer.of("wmC" + a.tag(), "Carol", Follow.by(a.staff().get(4).userid(), t))));
		alice = ids.get("wmA" + a.tag());
		bob = ids.get("wmB" + a.tag());
		carol = ids.get("wmC" + a.tag());
		Actors.runAs(a.actor(Role.CORP_ADMIN), () -> {
			fields.define("level", "会员等级", CustomField.Type.SINGLE, List.of("金", "银"));
			fields.define("birthday", "生日", CustomField.Type.DATE, List.of());
			fields.define("score", "积分", CustomField.Type.NUMBER, List.of());
		});
	}

	@Test
	void badRowsAreReportedWithRowNumbersAndNothingIsWritten() throws Exception {
		ConsoleBrowser operator = login("operator");
		String csv = "external_userid,会员等级,生日,标签,生命周期,手机\n"
				+ "wmA" + a.tag() + ",金,1990-01-02,金卡,LOYAL,13900000001\n"
				+ "wmB" + a.tag() + ",铜,not-a-date,钻石卡,SUPER,12\n"
				+ "\n"
				+ "wmX" + a.tag() + ",金,,,,\n"
				+ "wmA" + a.tag() + ",银,,,,\n";
		long job = upload(operator, "客户.csv", csv.getBytes(StandardCharsets.UTF_8));
		String mappingPage = operator.get("/console/customers/imports/" + job).body();
		// the guessed mapping: key column, the custom field by its label, tags, stage, phone
		assertThat(mappingPage).contains("<option value=\"FIELD:level\" selected=\"selected\">",
				"<option value=\"TAGS\" selected=\"selected\">", "<option value=\"STAGE\" selected=\"selected\">");
		check(operator, job, "EXTERNAL_USERID", "EXTERNAL_USERID", "FIELD:level", "FIELD:birthday", "TAGS", "STAGE", "PHONE");
		CustomerJobs.Job checked = await(job);
		assertThat(checked.status()).isEqualTo(CustomerJobs.Status.INVALID);
		List<CustomerJobs.RowError> errors = Actors.callAs(a.actor(Role.OPERATOR), () -> jobs.errors(job, 100));
		assertThat(errors).extracting(CustomerJobs.RowError::row).containsExactly(3, 3, 3, 3, 3, 5, 6);
		assertThat(errors).extracting(CustomerJobs.RowError::column)
			.containsExactlyInAnyOrder("会员等级", "生日", "标签", "生命周期", "手机", "external_userid", "external_userid");
		assertThat(errors.stream().filter(e -> e.row() == 6).findFirst().orElseThrow().message()).contains("第 2 行");

		String page = operator.get("/console/customers/imports/" + job).body();
		assertThat(page).contains("校验未通过", "钻石卡", "SUPER").doesNotContain("id=\"apply-form\"");
		HttpResponse<byte[]> report = operator.download("/console/customers/imports/" + job + "/errors.csv");
		assertThat(report.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
		String reportText = new String(report.body(), StandardCharsets.UTF_8);
		assertThat(reportText.lines()).hasSize(8);
		assertThat(reportText).contains("5,\"external_userid\"", "3,\"标签\"");

		// applying an import that failed its check is refused; nothing was written
		operator.post("/console/customers/imports/" + job + "/apply", "", "/console/customers/imports/" + job);
		assertThat(await(job).status()).isEqualTo(CustomerJobs.Status.INVALID);
		assertThat(fieldValues(alice)).isEmpty();
		assertThat(stage(alice)).isEqualTo("NEW");
		assertThat(jdbc.sql("select count(*) from customer_tag where customer_id = ?").param(alice).query(Long.class)
			.single()).isZero();
		assertThat(phoneMasked(alice)).isEqualTo("138****8000");
	}

	@Test
	void aGoodExcelFileIsAppliedCompletelyAndACsvByPhoneToo() throws Exception {
		ConsoleBrowser operator = login("operator");
		byte[] xlsx = xlsx(List.of(
				List.of("external_userid", "会员等级", "生日", "积分", "标签", "生命周期", "跟进记录", "手机"),
				List.of("wmA" + a.tag(), "金", LocalDate.of(1990, 1, 2), 12.5, "金卡, 银卡", "忠诚 / KOC", "到店试饮", "13900000001"),
				List.of("wmB" + a.tag(), "银", "1985-07-08", 3, "等级/银卡", "REPEAT", "", "")));
		long job = upload(operator, "customers.xlsx", xlsx);
		check(operator, job, "EXTERNAL_USERID", "EXTERNAL_USERID", "FIELD:level", "FIELD:birthday", "FIELD:score", "TAGS",
				"STAGE", "NOTE", "PHONE");
		assertThat(await(job).status()).isEqualTo(CustomerJobs.Status.CHECKED);
		assertThat(fieldValues(alice)).isEmpty(); // the check wrote nothing
		assertThat(operator.get("/console/customers/imports/" + job).body()).contains("id=\"apply-form\"");

		operator.post("/console/customers/imports/" + job + "/apply", "", "/console/customers/imports/" + job);
		CustomerJobs.Job done = await(job);
		assertThat(done.status()).isEqualTo(CustomerJobs.Status.DONE);
		assertThat(done.changed()).isEqualTo(2);
		assertThat(fieldValues(alice)).containsEntry("level", "金").containsEntry("birthday", "1990-01-02")
			.containsEntry("score", "12.5");
		assertThat(fieldValues(bob)).containsEntry("level", "银").containsEntry("birthday", "1985-07-08")
			.containsEntry("score", "3");
		assertThat(stage(alice)).isEqualTo("LOYAL");
		assertThat(stage(bob)).isEqualTo("REPEAT");
		assertThat(tagIds(alice)).containsExactlyInAnyOrder(tags.get("金卡"), tags.get("银卡"));
		assertThat(tagIds(bob)).containsExactly(tags.get("银卡"));
		assertThat(phoneMasked(alice)).isEqualTo("139****0001");
		assertThat(jdbc.sql("select count(*) from customer_event where customer_id = ? and kind = 'note' and detail = ?")
			.params(alice, "到店试饮").query(Long.class).single()).isEqualTo(1);
		assertThat(operator.get("/console/customers/imports").body()).contains("customers.xlsx", "已完成");
		// applying again is refused (done already)
		operator.post("/console/customers/imports/" + job + "/apply", "", "/console/customers/imports/" + job);
		assertThat(await(job).status()).isEqualTo(CustomerJobs.Status.DONE);

		// by phone (the number Alice now has), in GB18030 as Excel saves CSV on Chinese Windows
		String csv = "手机号,会员等级\n139 0000 0001,银\n";
		long byPhone = upload(operator, "phones.csv", csv.getBytes(java.nio.charset.Charset.forName("GB18030")));
		check(operator, byPhone, "PHONE", "PHONE", "FIELD:level");
		assertThat(await(byPhone).status()).isEqualTo(CustomerJobs.Status.CHECKED);
		operator.post("/console/customers/imports/" + byPhone + "/apply", "", "/console/customers/imports/" + byPhone);
		assertThat(await(byPhone).status()).isEqualTo(CustomerJobs.Status.DONE);
		assertThat(fieldValues(alice)).containsEntry("level", "银");
	}

	@Test
	void oversizedMalformedAndOverlongFilesAreRefused() throws Exception {
		ConsoleBrowser operator = login("operator");
		HttpResponse<String> pdf = operator.upload("/console/customers/imports", "file", "a.pdf", "%PDF-1.4".getBytes(),
				"/console/customers/imports");
		assertThat(pdf.headers().firstValue("Location").orElseThrow()).endsWith("/console/customers/imports");
		assertThat(operator.get("/console/customers/imports").body()).contains("只支持 CSV 和 Excel");

		operator.upload("/console/customers/imports", "file", "broken.xlsx", "not a zip at all".getBytes(),
				"/console/customers/imports");
		assertThat(operator.get("/console/customers/imports").body()).contains("无法读取文件");
		operator.upload("/console/customers/imports", "file", "quote.csv", "external_userid,x\n\"wmA,1\n".getBytes(),
				"/console/customers/imports");
		assertThat(operator.get("/console/customers/imports").body()).contains("无法读取文件");
		operator.upload("/console/customers/imports", "file", "header.csv", "external_userid\n".getBytes(),
				"/console/customers/imports");
		assertThat(operator.get("/console/customers/imports").body()).contains("没有表头行或没有数据行");

		StringBuilder many = new StringBuilder("external_userid\n");
		for (int i = 0; i < 50_001; i++) {
			many.append("wm").append(i).append('\n');
		}
		operator.upload("/console/customers/imports", "file", "many.csv", many.toString().getBytes(),
				"/console/customers/imports");
		assertThat(operator.get("/console/customers/imports").body()).contains("行数太多：最多 50000 行");

		byte[] big = new byte[11 * 1024 * 1024];
		Arrays.fill(big, (byte) 'a');
		operator.upload("/console/customers/imports", "file", "big.csv", big, "/console/customers/imports");
		assertThat(operator.get("/console/customers/imports").body()).contains("文件太大：最大 10 MB");

		assertThat(jdbc.sql("select count(*) from customer_job where corp_id = ?").param(a.corpId()).query(Long.class)
			.single()).isZero();
	}

	@Test
	void aStoreManagerUpdatesOnlyTheirStoresCustomersAndOtherCorpsSeeNothing() throws Exception {
		ConsoleBrowser store = login("store");
		String csv = "external_userid,会员等级\nwmA" + a.tag() + ",金\nwmC" + a.tag() + ",金\n";
		long job = upload(store, "store.csv", csv.getBytes(StandardCharsets.UTF_8));
		check(store, job, "EXTERNAL_USERID", "EXTERNAL_USERID", "FIELD:level");
		assertThat(await(job).status()).isEqualTo(CustomerJobs.Status.INVALID);
		List<CustomerJobs.RowError> errors = Actors.callAs(a.actor(Role.CORP_ADMIN), () -> jobs.errors(job, 10));
		assertThat(errors).singleElement().satisfies(e -> {
			assertThat(e.row()).isEqualTo(3);
			assertThat(e.message()).contains("wmC" + a.tag(), "数据范围");
		});
		assertThat(fieldValues(alice)).isEmpty();
		assertThat(fieldValues(carol)).isEmpty();

		long own = upload(store, "own.csv", ("external_userid,会员等级\nwmA" + a.tag() + ",金\nwmB" + a.tag() + ",银\n")
			.getBytes(StandardCharsets.UTF_8));
		check(store, own, "EXTERNAL_USERID", "EXTERNAL_USERID", "FIELD:level");
		assertThat(await(own).status()).isEqualTo(CustomerJobs.Status.CHECKED);
		store.post("/console/customers/imports/" + own + "/apply", "", "/console/customers/imports/" + own);
		assertThat(await(own).status()).isEqualTo(CustomerJobs.Status.DONE);
		assertThat(fieldValues(alice)).containsEntry("level", "金");
		assertThat(fieldValues(bob)).containsEntry("level", "银");

		// another store manager's... another corp: cannot see the import, and finds none of corp A's customers
		TestCorp.Fixture b = corps.create();
		ConsoleBrowser other = new ConsoleBrowser(port);
		other.login(b.user("admin"), TestCorp.PASSWORD);
		assertThat(other.get("/console/customers/imports/" + own).statusCode()).isEqualTo(404);
		assertThat(other.download("/console/customers/imports/" + job + "/errors.csv").statusCode()).isEqualTo(404);
		assertThat(other.get("/console/customers/imports").body()).doesNotContain("own.csv");
		long theirs = upload(other, "b.csv", ("external_userid\nwmA" + a.tag() + "\n").getBytes(StandardCharsets.UTF_8));
		check(other, theirs, "EXTERNAL_USERID", "EXTERNAL_USERID");
		CustomerJobs.Job bJob = awaitAs(b.actor(Role.CORP_ADMIN), theirs);
		assertThat(bJob.status()).isEqualTo(CustomerJobs.Status.INVALID);
	}

	// --- helpers ---

	private ConsoleBrowser login(String role) throws Exception {
		ConsoleBrowser browser = new ConsoleBrowser(port);
		browser.login(a.user(role), TestCorp.PASSWORD);
		return browser;
	}

	private long upload(ConsoleBrowser browser, String name, byte[] content) throws Exception {
		HttpResponse<String> response = browser.upload("/console/customers/imports", "file", name, content,
				"/console/customers/imports");
		assertThat(response.statusCode()).isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).matches(".*/console/customers/imports/\\d+");
		return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
	}

	private void check(ConsoleBrowser browser, long job, String key, String... columns) throws Exception {
		StringBuilder form = new StringBuilder("key=" + key);
		for (int i = 0; i < columns.length; i++) {
			form.append("&col").append(i).append('=').append(URLEncoder.encode(columns[i], StandardCharsets.UTF_8));
		}
		HttpResponse<String> response = browser.post("/console/customers/imports/" + job + "/check", form.toString(),
				"/console/customers/imports/" + job);
		assertThat(response.statusCode()).isEqualTo(302);
	}

	private CustomerJobs.Job await(long id) throws InterruptedException {
		return awaitAs(a.actor(Role.CORP_ADMIN), id);
	}

	private CustomerJobs.Job awaitAs(io.siyu.shared.Actor actor, long id) throws InterruptedException {
		for (int i = 0; i < 300; i++) {
			CustomerJobs.Job job = Actors.callAs(actor, () -> jobs.get(id));
			if (!job.running()) {
				return job;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("job " + id + " did not finish");
	}

	private Map<String, String> fieldValues(long customer) {
		Map<String, String> values = new java.util.HashMap<>();
		jdbc.sql("select f.code, v.text_value, v.number_value, v.date_value from customer_field_value v join custom_field f"
				+ " on f.id = v.field_id where v.customer_id = ?")
			.param(customer)
			.query((rs, i) -> values.put(rs.getString(1), rs.getString(2) != null ? rs.getString(2)
					: rs.getBigDecimal(3) != null ? rs.getBigDecimal(3).stripTrailingZeros().toPlainString()
							: rs.getDate(4).toLocalDate().toString()))
			.list();
		return values;
	}

	private String stage(long id) {
		return jdbc.sql("select stage from customer where id = ?").param(id).query(String.class).single();
	}

	private String phoneMasked(long id) {
		return jdbc.sql("select phone_masked from customer where id = ?").param(id).query(String.class).single();
	}

	private List<Long> tagIds(long id) {
		return jdbc.sql("select tag_id from customer_tag where customer_id = ? and userid = ''").param(id)
			.query(Long.class).list();
	}

	static byte[] xlsx(List<List<Object>> rows) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Workbook wb = new Workbook(out, "siyu-test", "1.0");
		Worksheet ws = wb.newWorksheet("客户");
		for (int r = 0; r < rows.size(); r++) {
			for (int c = 0; c < rows.get(r).size(); c++) {
				Object v = rows.get(r).get(c);
				if (v instanceof LocalDate d) {
					ws.value(r, c, d);
					ws.style(r, c).format("yyyy-mm-dd").set();
				}
				else if (v instanceof Number n) {
					ws.value(r, c, n);
				}
				else {
					ws.value(r, c, v.toString());
				}
			}
		}
		wb.finish();
		return out.toByteArray();
	}
}
