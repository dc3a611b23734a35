package io.siyu.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.TestCorp;
import io.siyu.TestCustomers;
import io.siyu.TestCustomers.Customer;
import io.siyu.TestCustomers.Follow;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.wecom.CustomerAdded;
import io.siyu.wecom.CustomerLost;

/**
 * A customer's relation summary (active relations, first added, first channel state) follows add and delete callbacks
 * and what WeCom says of the relations when a contact is read again, and is not rewritten when only a remark changed.
 */
@SpringBootTest
class FollowSummaryTest {

	@Autowired
	TestCorp corps;

	@Autowired
	TestCustomers customers;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate tx;

	@Test
	void aReReadRefreshesTheSummaryOnlyWhenWhatItHoldsChanged() {
		TestCorp.Fixture a = corps.create();
		String guide = a.staff().get(0).userid();
		String other = a.staff().get(1).userid();
		String ext = "wmSum" + a.tag();
		Instant added = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		long id = read(a, ext, guide, null, added, "store-1");
		assertThat(summary(id)).isEqualTo(new Summary(1, added, "store-1"));

		// a marker the refresh would overwrite: a re-read that changes only the remark must leave the row alone
		jdbc.sql("update customer set active_follows = 7 where id = ?").param(id).update();
		read(a, ext, guide, "VIP", added, "store-1");
		assertThat(remark(id, guide)).isEqualTo("VIP");
		assertThat(summary(id).activeFollows()).isEqualTo(7);

		// WeCom reports an earlier add time: first added follows it
		Instant earlier = added.minus(1, ChronoUnit.DAYS);
		read(a, ext, guide, "VIP", earlier, "store-1");
		assertThat(summary(id)).isEqualTo(new Summary(1, earlier, "store-1"));

		// a different channel state on the same relation
		read(a, ext, guide, "VIP", earlier, "parcel-9");
		assertThat(summary(id)).isEqualTo(new Summary(1, earlier, "parcel-9"));

		// a second relation: two active, first added and state still the earliest relation's
		read(a, ext, other, null, added, "store-2");
		assertThat(summary(id)).isEqualTo(new Summary(2, earlier, "parcel-9"));
	}

	@Test
	void addCallbacksKeepTheSummaryOfANewAndOfAKnownCustomer() {
		TestCorp.Fixture a = corps.create();
		String guide = a.staff().get(0).userid();
		String other = a.staff().get(1).userid();
		String ext = "wmAdd" + a.tag();
		Instant added = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

		// new to Siyu: stored with the relation's summary
		publish(a.corpId(), new CustomerAdded(a.corpId(), guide, ext, "store-1", null, false, added));
		long id = jdbc.sql("select id from customer where corp_id = ? and external_userid = ?").params(a.corpId(), ext)
			.query(Long.class).single();
		assertThat(summary(id)).isEqualTo(new Summary(1, added, "store-1"));
		assertThat(jdbc.sql("select stage_since from customer where id = ?").param(id).query(java.sql.Timestamp.class)
			.single().toInstant()).isEqualTo(added);

		// known: a second relation is counted, the first one still decides first added and state
		publish(a.corpId(), new CustomerAdded(a.corpId(), other, ext, "parcel-9", null, false, added.plusSeconds(60)));
		assertThat(summary(id)).isEqualTo(new Summary(2, added, "store-1"));

		// the customer deletes the first member: one active relation, attribution kept
		publish(a.corpId(), new CustomerLost(a.corpId(), guide, ext, added.plusSeconds(120)));
		assertThat(summary(id)).isEqualTo(new Summary(1, added, "store-1"));

		// a relation event for a customer Siyu has never seen leaves a bare record with nothing counted
		String unknown = "wmLost" + a.tag();
		publish(a.corpId(), new CustomerLost(a.corpId(), guide, unknown, added));
		long bare = jdbc.sql("select id from customer where corp_id = ? and external_userid = ?")
			.params(a.corpId(), unknown).query(Long.class).single();
		assertThat(jdbc.sql("select active_follows from customer where id = ?").param(bare).query(Integer.class).single())
			.isZero();
	}

	@Test
	void heldTagsAreLookedForOnlyWhenTheCustomerWasKnownBefore() {
		TestCorp.Fixture a = corps.create();
		String guide = a.staff().get(0).userid();
		String other = a.staff().get(1).userid();
		String ext = "wmHeld" + a.tag();
		Instant added = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		// publications are stored when the event is published, inside the transaction: counted before its commit
		long forNew = heldTagPublications(a.corpId(), ext,
				new CustomerAdded(a.corpId(), guide, ext, "store-1", null, false, added));
		long forKnown = heldTagPublications(a.corpId(), ext,
				new CustomerAdded(a.corpId(), other, ext, "store-1", null, false, added.plusSeconds(60)));
		assertThat(List.of(forNew, forKnown)).containsExactly(0L, 1L);
	}

	private long heldTagPublications(long corpId, String externalUserId, Object event) {
		return Actors.callAs(Actor.system(corpId), () -> tx.execute(s -> {
			long before = publications(externalUserId);
			events.publishEvent(event);
			return publications(externalUserId) - before;
		}));
	}

	/** This customer's only: other tests' listeners complete (and delete theirs) meanwhile. */
	private long publications(String externalUserId) {
		return jdbc.sql("select count(*) from event_publication where listener_id like 'io.siyu.tagging.CustomerTagging.%'"
				+ " and serialized_event like ?").param("%\"" + externalUserId + "\"%")
			.query(Long.class).single();
	}

	private void publish(long corpId, Object event) {
		Actors.runAs(Actor.system(corpId), () -> tx.executeWithoutResult(s -> events.publishEvent(event)));
	}

	/** WeCom's contact as a sync or re-read gives it: one relation of the customer; returns the customer's id. */
	private long read(TestCorp.Fixture corp, String ext, String userid, String remark, Instant addedAt, String state) {
		return customers.customers(corp.corpId(), List.of(Customer.of(ext, "Amy",
				new Follow(userid, remark, addedAt, state, List.of(), List.of())))).get(ext);
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
