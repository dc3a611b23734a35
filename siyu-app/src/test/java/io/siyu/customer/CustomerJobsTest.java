package io.siyu.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;
import io.siyu.shared.Actors;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role;

/**
 * Customer jobs survive a restart: a job left running by a node that died is queued again by the sweep and finished
 * once, as the actor who started it (their data scope, not more); a finished job is never run again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomerJobsTest {

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

	@Test
	void aJobAbandonedByACrashIsResumedByTheSweepInTheStartersScopeAndRunsOnce() throws Exception {
		TestCorp.Fixture a = corps.create();
		Instant t = Instant.now().minus(1, ChronoUnit.DAYS);
		Map<String, Long> ids = customers.customers(a.corpId(), List.of(
				Customer.of("wmA" + a.tag(), "Alice", Follow.by(a.staff().get(0).userid(), t)),
				Customer.of("wmC" + a.tag(), "Carol", Follow.by(a.staff().get(4).userid(), t))));
		Actors.runAs(a.actor(Role.CORP_ADMIN), () -> fields.define("level", "等级", CustomField.Type.SINGLE,
				List.of("金", "银")));
		// a store manager's bulk edit of their whole list, as a job, "crashed" while running
		long job = Actors.callAs(a.actor(Role.STORE_MANAGER), () -> jobs.create(CustomerBulkEdits.KIND,
				CustomerJobs.Status.MAPPING, "APPLY", null, null, "{\"filter\":{},\"change\":{\"target\":\"field:level\","
						+ "\"values\":[\"金\"],\"reason\":null}}"));
		jdbc.sql("update customer_job set status = 'RUNNING', updated_at = ? where id = ?")
			.params(Timestamp.from(Instant.now().minus(10, ChronoUnit.MINUTES)), job)
			.update();

		jobs.sweep();
		CustomerJobs.Job done = null;
		for (int i = 0; i < 200; i++) {
			done = Actors.callAs(a.actor(Role.CORP_ADMIN), () -> jobs.get(job));
			if (done.status() == CustomerJobs.Status.DONE || done.status() == CustomerJobs.Status.FAILED) {
				break;
			}
			Thread.sleep(100);
		}
		assertThat(done.status()).isEqualTo(CustomerJobs.Status.DONE);
		assertThat(done.changed()).isEqualTo(1);
		assertThat(value(ids.get("wmA" + a.tag()))).containsExactly("金");
		assertThat(value(ids.get("wmC" + a.tag()))).isEmpty(); // another store's customer: not the manager's

		// running it again (a late duplicate from the sweep) does nothing: it is not queued any more
		jdbc.sql("delete from customer_field_value where customer_id = ?").param(ids.get("wmA" + a.tag())).update();
		jobs.runNow(job, a.corpId());
		assertThat(value(ids.get("wmA" + a.tag()))).isEmpty();

		// someone else's job is not found for a store manager of another corp or another user
		TestCorp.Fixture b = corps.create();
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> Actors.runAs(b.actor(Role.CORP_ADMIN), () -> jobs.get(job)))
			.isInstanceOf(NotFoundException.class);
	}

	private List<String> value(long customer) {
		return jdbc.sql("select text_value from customer_field_value where customer_id = ?").param(customer)
			.query(String.class).list();
	}
}
