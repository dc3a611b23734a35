package io.siyu.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;

/**
 * A customer's relation summary (active relations, first added, first channel state) is rewritten only when it
 * changes: the processing of every callback refreshes it twice, and a write that changes nothing still touches every
 * index of {@code customer}.
 */
@SpringBootTest
class FollowCountsTest {

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers testCustomers;

	@Autowired
	TenantJdbc tenantJdbc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate tx;

	@Test
	void theSummaryIsWrittenWhenItChangesAndOnlyThen() {
		TestCorp.Fixture a = corps.create();
		Instant first = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		Instant second = first.plus(1, ChronoUnit.DAYS);
		String guide = a.staff().get(0).userid();
		String other = a.staff().get(1).userid();
		long id = testCustomers.customers(a.corpId(), List.of(Customer.of("wm-counts", "计数",
				new Follow(guide, null, second, "store-2", List.of(), List.of()),
				new Follow(other, null, first, "parcel-1", List.of(), List.of())))).get("wm-counts");

		// stored by the projection with its summary: nothing left to write
		assertThat(refresh(a.corpId(), id)).isZero();
		assertThat(summary(id)).containsEntry("active_follows", 2L).containsEntry("first_state", "parcel-1");

		// one relation ends: written once, then current again
		jdbc.sql("update customer_follow set active = false where customer_id = ? and userid = ?").params(id, other)
			.update();
		assertThat(refresh(a.corpId(), id)).isEqualTo(1);
		assertThat(summary(id)).containsEntry("active_follows", 1L).containsEntry("first_state", "parcel-1");
		assertThat(refresh(a.corpId(), id)).isZero();

		// an earlier add found later (a sync) moves the first add and its channel
		jdbc.sql("update customer_follow set added_at = ?, state = 'ad-0' where customer_id = ? and userid = ?")
			.params(java.sql.Timestamp.from(first.minus(1, ChronoUnit.DAYS)), id, guide).update();
		assertThat(refresh(a.corpId(), id)).isEqualTo(1);
		assertThat(summary(id)).containsEntry("active_follows", 1L).containsEntry("first_state", "ad-0");
		assertThat(jdbc.sql("select first_added_at from customer where id = ?").param(id)
			.query(java.time.OffsetDateTime.class).single().toInstant()).isEqualTo(first.minus(1, ChronoUnit.DAYS));
		assertThat(refresh(a.corpId(), id)).isZero();
	}

	int refresh(long corpId, long customerId) {
		return Actors.callAs(Actor.system(corpId), () -> tx.execute(s -> FollowCounts.refresh(tenantJdbc,
				List.of(customerId))));
	}

	Map<String, Object> summary(long customerId) {
		Map<String, Object> row = jdbc.sql("select active_follows, first_state from customer where id = ?")
			.param(customerId).query().singleRow();
		return Map.of("active_follows", ((Number) row.get("active_follows")).longValue(), "first_state",
				row.get("first_state"));
	}
}
