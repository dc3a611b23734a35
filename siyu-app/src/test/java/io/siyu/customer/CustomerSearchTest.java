package io.siyu.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;
import io.siyu.organization.Staff;
import io.siyu.shared.Actors;
import io.siyu.shared.Database;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role;
import io.siyu.shared.TenantJdbc;

/**
 * Customer search by text: a name or remark containing it (any case), or the whole external_userid. On PostgreSQL the
 * search reads GIN indexes of 1- and 2-character grams, on H2 it scans; both must answer exactly what a plain
 * "contains" over the stored texts answers — for random Chinese and Latin names, searches of one to four characters
 * (the pieces a gram index could get wrong), LIKE's own characters and texts found nowhere.
 */
@SpringBootTest
class CustomerSearchTest {

	private static final String CHARS = "王李张伟芳明aBcD%_ 1";

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers testCustomers;

	@Autowired
	Customers customers;

	@Autowired
	TenantJdbc tenantJdbc;

	@Autowired
	Database database;

	@Autowired
	JdbcTemplate jdbc;

	record Stored(String externalUserId, String name, List<String> remarks) {
	}

	@Test
	void searchFindsExactlyTheCustomersWhoseNameOrRemarkContainsTheText() {
		Random random = new Random(20261205L);
		TestCorp.Fixture a = corps.create();
		List<Stored> stored = new ArrayList<>();
		List<Customer> wecom = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			String name = random.nextInt(15) == 0 ? null : text(random, 1 + random.nextInt(6));
			List<Follow> follows = new ArrayList<>();
			List<String> remarks = new ArrayList<>();
			for (int f = 0; f < 1 + random.nextInt(2); f++) {
				String remark = random.nextInt(3) == 0 ? null : text(random, 1 + random.nextInt(8));
				Staff staff = a.staff().get(random.nextInt(a.staff().size()));
				if (follows.stream().anyMatch(x -> x.userid().equals(staff.userid()))) {
					continue;
				}
				follows.add(new Follow(staff.userid(), remark, Instant.now().minusSeconds(random.nextInt(86_400)), null,
						List.of(), List.of()));
				remarks.add(remark);
			}
			String externalUserId = "wmSearch" + a.tag() + i;
			stored.add(new Stored(externalUserId, name, remarks));
			wecom.add(new Customer(externalUserId, name, null, follows));
		}
		Map<String, Long> ids = testCustomers.customers(a.corpId(), wecom);
		if (database.isPostgres()) {
			// planner statistics, as autovacuum keeps them: without any, PostgreSQL takes the tables for empty and plans
			// the search as a nested loop that re-runs it per customer
			jdbc.execute("analyze customer");
			jdbc.execute("analyze customer_follow");
		}

		List<String> searches = new ArrayList<>();
		for (int i = 0; i < 250; i++) {
			Stored s = stored.get(random.nextInt(stored.size()));
			String source = random.nextBoolean() || s.remarks().isEmpty() ? s.name()
					: s.remarks().get(random.nextInt(s.remarks().size()));
			if (source == null || random.nextInt(6) == 0) {
				searches.add(text(random, 1 + random.nextInt(4)));  // mostly found nowhere, or by chance
				continue;
			}
			int from = random.nextInt(source.length());
			int to = Math.min(source.length(), from + 1 + random.nextInt(4));
			String piece = source.substring(from, to);
			searches.add(random.nextBoolean() ? piece.toUpperCase(Locale.ROOT) : piece);
		}
		searches.add(stored.get(7).externalUserId());
		searches.add("王伟");
		searches.add("%");
		searches.add("_");

		int found = 0;
		for (String q : searches) {
			if (q.isBlank()) {
				continue;
			}
			Set<Long> expected = new TreeSet<>();
			String needle = q.trim().toLowerCase(Locale.ROOT);
			for (Stored s : stored) {
				boolean hit = contains(s.name(), needle) || s.remarks().stream().anyMatch(r -> contains(r, needle))
						|| s.externalUserId().equals(q.trim());
				if (hit) {
					expected.add(ids.get(s.externalUserId()));
				}
			}
			CustomerFilter filter = new CustomerFilter(q, List.of(), List.of(), List.of(), null, null, null, null, null, null,
					null, null);
			Set<Long> actual = new TreeSet<>();
			for (int page = 0; page < 3; page++) {
				int p = page;
				Actors.callAs(a.actor(Role.CORP_ADMIN), () -> customers.list(filter, new PageQuery(p, 200))).items()
					.forEach(c -> actual.add(c.id()));
			}
			assertThat(actual).as("search \"%s\"", q).isEqualTo(expected);
			found += expected.isEmpty() ? 0 : 1;
		}
		// the searches are not degenerate: most find someone
		assertThat(found).isGreaterThan(searches.size() / 2);
	}

	/**
	 * A corp of 20,000 customers with realistic names (a surname and one or two given-name characters): PostgreSQL,
	 * with statistics, reads the gram indexes for a two-character search instead of the corp's rows; H2 scans.
	 */
	@Test
	void onPostgresTheSearchReadsTheGramIndexesOnH2ItScans() {
		TestCorp.Fixture a = corps.create();
		Staff staff = a.staff().get(0);
		String surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
		String given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华";
		Random random = new Random(5);
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			String name = "" + surnames.charAt(random.nextInt(surnames.length())) + given.charAt(random.nextInt(given.length()))
					+ (random.nextBoolean() ? given.charAt(random.nextInt(given.length())) : "");
			rows.add(new Object[] { a.corpId(), "wmPlan" + a.tag() + i, name });
		}
		jdbc.batchUpdate("insert into customer (corp_id, external_userid, name, stage, source, created_at, updated_at)"
				+ " values (?, ?, ?, 'NEW', 'WECOM', current_timestamp, current_timestamp)", rows);
		jdbc.update("insert into customer_follow (corp_id, customer_id, userid, staff_id, unit_id, remark, active, updated_at)"
				+ " select corp_id, id, ?, ?, ?, concat('备注', name), true, current_timestamp from customer where corp_id = ?",
				staff.userid(), staff.id(), staff.orgUnitId(), a.corpId());
		if (database.isPostgres()) {
			jdbc.execute("analyze customer");
			jdbc.execute("analyze customer_follow");
		}
		CustomerFilter filter = new CustomerFilter("王伟", List.of(), List.of(), List.of(), null, null, null, null, null, null,
				null, null);
		String plan = Actors.callAs(a.actor(Role.CORP_ADMIN), () -> {
			CustomerQuery query = new CustomerQuery(filter, Optional.empty(), database.isPostgres());
			return String.join("\n", query.bind(tenantJdbc.sql("explain select count(*) from customer c" + query.where()))
				.list((rs, i) -> rs.getString(1)));
		});
		if (database.isPostgres()) {
			assertThat(plan).contains("customer_name_grams").contains("customer_follow_remark_grams");
		}
		else {
			assertThat(plan).doesNotContain("grams").containsIgnoringCase("like");
		}
		long total = Actors.callAs(a.actor(Role.CORP_ADMIN), () -> customers.list(filter, new PageQuery(0, 20)).total());
		assertThat(total).isEqualTo(rows.stream().filter(r -> ((String) r[2]).contains("王伟")).count());
	}

	private static boolean contains(String text, String needle) {
		return text != null && text.toLowerCase(Locale.ROOT).contains(needle);
	}

	private static String text(Random random, int length) {
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < length; i++) {
			b.append(CHARS.charAt(random.nextInt(CHARS.length())));
		}
		return b.toString();
	}
}
