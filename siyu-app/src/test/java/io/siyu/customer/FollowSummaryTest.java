package io.siyu.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;

/**
 * A customer's relation summary (active relations, first added, first channel state) follows what WeCom says of the
 * relations when a contact is read again, and is not rewritten when only a remark changed.
 */
@SpringBootTest
class FollowSummaryTest {

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aReReadRefreshesTheSummaryOnlyWhenWhatItHoldsChanged() {
		TestCorp.Fixture a = corps.create();
		String guide = a.staff().get(0).userid();
		String other = a.staff().get(1).userid();
		String ext = "wmSum" + a.tag();
		Instant added = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		long id = customers.customers(a.corpId(), List.of(Customer.of(ext, "Amy",
				new Follow(guide, null, added, "store-1", List.of(), List.of())))).get(ext);
		assertThat(summary(id)).isEqualTo(new Summary(1, added, "store-1"));

		// a marker the refresh would overwrite: a re-read that changes only the remark must leave the row alone
		jdbc.sql("update customer set active_follows = 7 where id = ?").param(id).update();
		customers.customers(a.corpId(), List.of(Customer.of(ext, "Amy",
				new Follow(guide, "VIP", added, "store-1", List.of(), List.of()))));
		assertThat(remark(id, guide)).isEqualTo("VIP");
		assertThat(summary(id).activeFollows()).isEqualTo(7);

		// WeCom reports an earlier add time: first added follows it
		Instant earlier = added.minus(1, ChronoUnit.DAYS);
		customers.customers(a.corpId(), List.of(Customer.of(ext, "Amy",
				new Follow(guide, "VIP", earlier, "store-1", List.of(), List.of()))));
		assertThat(summary(id)).isEqualTo(new Summary(1, earlier, "store-1"));

		// a different channel state on the same relation
		customers.customers(a.corpId(), List.of(Customer.of(ext, "Amy",
				new Follow(guide, "VIP", earlier, "parcel-9", List.of(), List.of()))));
		assertThat(summary(id)).isEqualTo(new Summary(1, earlier, "parcel-9"));

		// a second relation: two active, first added and state still the earliest relation's
		customers.customers(a.corpId(), List.of(Customer.of(ext, "Amy",
				new Follow(other, null, added, "store-2", List.of(), List.of()))));
		assertThat(summary(id)).isEqualTo(new Summary(2, earlier, "parcel-9"));
	}

	private Summary summary(long id) {
		return jdbc.sql("select active_follows, first_added_at, first_state from customer where id = ?").param(id)
			.query((rs, i) -> new Summary(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3)))
			.single();
	}

	private String remark(long id, String userid) {
		return jdbc.sql("select remark from customer_follow where customer_id = ? and userid = ?").params(id, userid)
			.query(String.class).single();
	}

	private record Summary(int activeFollows, Instant firstAddedAt, String firstState) {
	}
}
