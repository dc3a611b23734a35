package io.siyu.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

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
 * The custom field settings page (define, validate, reorder, archive) and bulk edit from the customer list: values
 * checked before anything changes, data scope, the whole filtered list, large selections as a job.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomFieldAdminTest {

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

	@Autowired
	CustomFields fields;

	@Autowired
	CustomerBulkEdits bulk;

	@Autowired
	CustomerJobs jobs;

	@Autowired
	JdbcClient jdbc;

	TestCorp.Fixture a;

	long alice;

	long bob;

	long carol;

	@BeforeEach
	void data() {
		a = corps.create();
		Instant t = Instant.now().minus(2, ChronoUnit.DAYS);
		Map<String, Long> ids = customers.customers(a.corpId(), List.of(
				Customer.of("wmA" + a.tag(), "Alice", Follow.by(a.staff().get(0).userid(), t)),
				Customer.of("wmB" + a.tag(), "Bob", Follow.by(a.staff().get(1).userid(), t)),
				Customer.of("wmC" + a.tag(), "Carol", Follow.by(a.staff().get(4).userid(), t))));
		alice = ids.get("wmA" + a.tag());
		bob = ids.get("wmB" + a.tag());
		carol = ids.get("wmC" + a.tag());
	}

	@Test
	void anAdminDefinesReordersAndArchivesFieldsAndBadDefinitionsCreateNothing() throws Exception {
		ConsoleBrowser admin = new ConsoleBrowser(port);
		admin.login(a.user("admin"), TestCorp.PASSWORD);
		define(admin, "level", "会员等级", "SINGLE", "金\n银\n铜");
		define(admin, "birthday", "生日", "DATE", "");
		HttpResponse<String> noChoices = define(admin, "hobby", "爱好", "MULTI", "");
		assertThat(noChoices.statusCode()).isEqualTo(302);
		String page = admin.get("/console/settings/fields").body();
		assertThat(page).contains("选项字段需要 1–200 个选项").contains("会员等级", "生日").doesNotContain("爱好");
		HttpResponse<String> badCode = define(admin, "Bad Code", "X", "TEXT", "");
		assertThat(admin.get("/console/settings/fields").body()).contains("字段编码为 1–40 位小写字母");
		assertThat(badCode.statusCode()).isEqualTo(302);
		assertThat(codes()).containsExactly("level", "birthday");

		long birthday = id("birthday");
		admin.post("/console/settings/fields/" + birthday + "/move", "direction=up", "/console/settings/fields");
		assertThat(codes()).containsExactly("birthday", "level");
		admin.post("/console/settings/fields/" + id("level"), "label=" + enc("等级") + "&options=" + enc("金\n银\n铜\n钻"),
				"/console/settings/fields");
		admin.post("/console/settings/fields/" + birthday + "/archive", "archived=true", "/console/settings/fields");
		List<CustomField> live = Actors.callAs(a.actor(Role.CORP_ADMIN), () -> fields.definitions(false));
		assertThat(live).extracting(CustomField::label).containsExactly("等级");
		assertThat(live.get(0).options()).containsExactly("金", "银", "铜", "钻");
		assertThat(admin.get("/console/settings/fields").body()).contains("已归档");

		// a store manager may not manage fields
		ConsoleBrowser store = new ConsoleBrowser(port);
		store.login(a.user("store"), TestCorp.PASSWORD);
		assertThat(store.get("/console/settings/fields").statusCode()).isEqualTo(403);
	}

	@Test
	void bulkEditChecksTheValueFirstAndChangesNothingWhenItDoesNotFit() throws Exception {
		defineAsAdmin("level", CustomField.Type.SINGLE, List.of("金", "银"));
		defineAsAdmin("score", CustomField.Type.NUMBER, List.of());
		ConsoleBrowser operator = new ConsoleBrowser(port);
		operator.login(a.user("operator"), TestCorp.PASSWORD);
		assertThat(operator.get("/console/customers").body()).contains("id=\"bulk-form\"", "value=\"field:level\"");

		String ticked = "ids=" + alice + "&ids=" + bob + "&all=false";
		operator.post("/console/customers/bulk", ticked + "&target=field:score&value=abc", "/console/customers");
		assertThat(operator.get("/console/customers").body()).contains("字段「积分」：not a number");
		operator.post("/console/customers/bulk", ticked + "&target=field:level&value=" + enc("铜"), "/console/customers");
		assertThat(operator.get("/console/customers").body()).contains("字段「等级」：not one of");
		assertThat(values("level")).isEmpty();
		assertThat(values("score")).isEmpty();

		HttpResponse<String> ok = operator.post("/console/customers/bulk", ticked + "&target=field:level&value="
				+ enc("金"), "/console/customers");
		assertThat(ok.statusCode()).isEqualTo(302);
		assertThat(values("level")).containsOnlyKeys(alice, bob).containsValue("金");

		// the whole filtered list: the stage of every customer of store 1-2 (Carol)
		operator.post("/console/customers/bulk?unitId=" + a.stores().get(1).id(), "all=true&target=stage&newStage=LOYAL",
				"/console/customers");
		assertThat(stage(carol)).isEqualTo("LOYAL");
		assertThat(stage(alice)).isEqualTo("NEW");
	}

	@Test
	void aStoreManagerBulkEditsOnlyTheirStoresCustomers() throws Exception {
		defineAsAdmin("level", CustomField.Type.SINGLE, List.of("金", "银"));
		ConsoleBrowser store = new ConsoleBrowser(port);
		store.login(a.user("store"), TestCorp.PASSWORD);
		// Carol is another store's customer: the whole edit is refused
		store.post("/console/customers/bulk", "ids=" + alice + "&ids=" + carol + "&target=field:level&value=" + enc("银"),
				"/console/customers");
		assertThat(values("level")).isEmpty();
		// the whole list of a store manager is their store's customers
		store.post("/console/customers/bulk", "all=true&target=field:level&value=" + enc("银"), "/console/customers");
		assertThat(values("level")).containsOnlyKeys(alice, bob);

		// another corp's admin cannot reach these customers at all
		TestCorp.Fixture b = corps.create();
		ConsoleBrowser other = new ConsoleBrowser(port);
		other.login(b.user("admin"), TestCorp.PASSWORD);
		other.post("/console/customers/bulk", "ids=" + carol + "&target=stage&newStage=LOST", "/console/customers");
		assertThat(stage(carol)).isEqualTo("NEW");
	}

	@Test
	void aLargeSelectionRunsAsAJobWithProgress() throws Exception {
		defineAsAdmin("level", CustomField.Type.SINGLE, List.of("金", "银"));
		int previous = bulk.atOnce(1);
		try {
			ConsoleBrowser operator = new ConsoleBrowser(port);
			operator.login(a.user("operator"), TestCorp.PASSWORD);
			HttpResponse<String> started = operator.post("/console/customers/bulk",
					"all=true&target=field:level&value=" + enc("银"), "/console/customers");
			String location = started.headers().firstValue("Location").orElseThrow();
			assertThat(location).contains("/console/customers/jobs/");
			long job = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
			CustomerJobs.Job done = awaitJob(job);
			assertThat(done.status()).isEqualTo(CustomerJobs.Status.DONE);
			assertThat(done.changed()).isEqualTo(3);
			assertThat(done.processed()).isEqualTo(3);
			assertThat(values("level")).containsOnlyKeys(alice, bob, carol);
			assertThat(operator.get(location).body()).contains("已完成", "已修改 3 位客户");
			// someone else's job is not found for a store manager
			ConsoleBrowser store = new ConsoleBrowser(port);
			store.login(a.user("store"), TestCorp.PASSWORD);
			assertThat(store.get(location).statusCode()).isEqualTo(404);
		}
		finally {
			bulk.atOnce(previous);
		}
	}

	CustomerJobs.Job awaitJob(long id) throws InterruptedException {
		for (int i = 0; i < 200; i++) {
			CustomerJobs.Job job = Actors.callAs(a.actor(Role.CORP_ADMIN), () -> jobs.get(id));
			if (!job.running()) {
				return job;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("job " + id + " did not finish");
	}

	private HttpResponse<String> define(ConsoleBrowser browser, String code, String label, String type, String options)
			throws Exception {
		return browser.post("/console/settings/fields", "code=" + enc(code) + "&label=" + enc(label) + "&type=" + type
				+ "&options=" + enc(options), "/console/settings/fields");
	}

	private void defineAsAdmin(String code, CustomField.Type type, List<String> options) {
		Actors.runAs(a.actor(Role.CORP_ADMIN), () -> fields.define(code, code.equals("level") ? "等级" : "积分", type,
				options));
	}

	private List<String> codes() {
		return jdbc.sql("select code from custom_field where corp_id = ? order by sort_order, id").param(a.corpId())
			.query(String.class).list();
	}

	private long id(String code) {
		return jdbc.sql("select id from custom_field where corp_id = ? and code = ?").params(a.corpId(), code)
			.query(Long.class).single();
	}

	private Map<Long, String> values(String code) {
		Map<Long, String> values = new java.util.HashMap<>();
		jdbc.sql("select v.customer_id, coalesce(v.text_value, cast(v.number_value as varchar)) from customer_field_value v"
				+ " join custom_field f on f.id = v.field_id where f.corp_id = ? and f.code = ?")
			.params(a.corpId(), code)
			.query((rs, i) -> values.put(rs.getLong(1), rs.getString(2)))
			.list();
		return values;
	}

	private String stage(long id) {
		return jdbc.sql("select stage from customer where id = ?").param(id).query(String.class).single();
	}

	private static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}
}
