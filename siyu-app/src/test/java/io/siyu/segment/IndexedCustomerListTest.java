package io.siyu.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.customer.CustomFields;
import io.siyu.customer.CustomerFilter;
import io.siyu.customer.CustomerListIndex;
import io.siyu.customer.CustomerSummary;
import io.siyu.customer.Customers;
import io.siyu.customer.Stage;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role;

/**
 * The customer list answered from the segment engine's bitmaps (large corps) is the list SQL answers: same total, same
 * page in the same order, for random filters (tags any/all/none, staff, store or region, channel, stage, added dates),
 * pages deep into the list and every role's data scope. Filters the index does not hold fall back to SQL.
 */
@SpringBootTest
class IndexedCustomerListTest {

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

	@Autowired
	CustomFields fields;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CorpIndexes indexes;

	@Autowired
	CustomerListIndex index;

	@Autowired
	Customers list;

	record Case(Actor actor, CustomerFilter filter, PageQuery page) {
	}

	@Test
	void indexedListEqualsSqlListForRandomFiltersPagesAndScopes() {
		Random random = new Random(20261205L);
		TestCorp.Fixture a = corps.create();
		SegmentEngineSqlTest helper = new SegmentEngineSqlTest();
		helper.corps = corps;
		helper.customers = customers;
		helper.fields = fields;
		helper.jdbc = jdbc;
		SegmentEngineSqlTest.World w = helper.world(a, random, 400);
		List<String> states = List.of("a", "b", "c");
		Role[] roles = { Role.CORP_ADMIN, Role.REGION_MANAGER, Role.STORE_MANAGER, Role.GUIDE };
		List<Long> units = new ArrayList<>(w.units());
		LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
		List<Case> cases = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			List<Long> any = random.nextInt(3) == 0 ? List.of(pick(random, w.tags()), pick(random, w.tags())) : List.of();
			List<Long> all = random.nextInt(4) == 0 ? List.of(pick(random, w.tags())) : List.of();
			List<Long> none = random.nextInt(4) == 0 ? List.of(pick(random, w.tags())) : List.of();
			Long staff = random.nextInt(5) == 0 ? pick(random, w.staff()) : null;
			Long unit = random.nextInt(5) == 0 ? pick(random, units) : null;
			String state = random.nextInt(5) == 0 ? states.get(random.nextInt(states.size())) : null;
			Stage stage = random.nextInt(5) == 0 ? Stage.values()[random.nextInt(4)] : null;
			LocalDate from = random.nextInt(4) == 0 ? today.minusDays(random.nextInt(100)) : null;
			LocalDate to = random.nextInt(4) == 0 ? today.minusDays(random.nextInt(60)) : null;
			if (from != null && to != null && to.isBefore(from)) {
				LocalDate t = from;
				from = to;
				to = t;
			}
			CustomerFilter filter = new CustomerFilter(null, any, all, none, staff, unit, state, stage, from, to, null, null);
			Role role = roles[random.nextInt(roles.length)];
			int size = 1 + random.nextInt(30);
			int page = random.nextInt(4) == 0 ? random.nextInt(15) : random.nextInt(2);
			cases.add(new Case(a.actor(role), filter, new PageQuery(page, size)));
		}

		// the SQL answers first, with no index built for the corp
		indexes.forget(a.corpId());
		List<Page<CustomerSummary>> expected = cases.stream()
			.map(c -> Actors.callAs(c.actor(), () -> list.list(c.filter(), c.page())))
			.toList();

		indexes.index(a.corpId());
		int nonEmpty = 0;
		for (int i = 0; i < cases.size(); i++) {
			Case c = cases.get(i);
			Optional<CustomerListIndex.Candidates> candidates = Actors.callAs(c.actor(),
					() -> index.candidates(c.filter(), c.page().page() * c.page().size(), c.page().size()));
			assertThat(candidates).as("case %d is answered by the index: %s", i, c).isPresent();
			Page<CustomerSummary> actual = Actors.callAs(c.actor(), () -> list.list(c.filter(), c.page()));
			assertThat(actual.total()).as("total, case %d: %s", i, c).isEqualTo(expected.get(i).total());
			assertThat(ids(actual)).as("page, case %d: %s", i, c).isEqualTo(ids(expected.get(i)));
			if (!actual.items().isEmpty()) {
				nonEmpty++;
			}
		}
		// the cases are not degenerate: most pages hold customers
		assertThat(nonEmpty).isGreaterThan(cases.size() / 3);

		// what the index does not hold is left to SQL
		Actor admin = a.actor(Role.CORP_ADMIN);
		CustomerFilter search = new CustomerFilter("C1", null, null, null, null, null, null, null, null, null, null, null);
		CustomerFilter byName = new CustomerFilter(null, null, null, null, null, null, null, null, null, null, null,
				CustomerFilter.Sort.NAME);
		CustomerFilter lost = new CustomerFilter(null, null, null, null, null, null, null, null, null, null,
				CustomerFilter.Status.LOST, null);
		for (CustomerFilter f : List.of(search, byName, lost)) {
			assertThat(Actors.callAs(admin, () -> index.candidates(f, 0, 20))).as("%s", f).isEmpty();
		}
		indexes.forget(a.corpId());
		assertThat(Actors.callAs(admin, () -> index.candidates(CustomerFilter.none(), 0, 20))).isEmpty();
	}

	private static List<Long> ids(Page<CustomerSummary> page) {
		return page.items().stream().map(CustomerSummary::id).toList();
	}

	private static Long pick(Random random, List<Long> from) {
		return from.get(random.nextInt(from.size()));
	}
}
