package io.siyu;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.wecom.ContactProfile;
import io.siyu.wecom.ContactsFetched;
import io.siyu.wecom.CorpTagsFetched;
import io.siyu.wecom.FollowInfo;

/**
 * Customers and tags for tests, stored through the same path as WeCom data: the events the WeCom module publishes
 * (as if a sync page or a tag list had been read), inside a transaction, as the corp's system actor.
 */
@Component
public class TestCustomers {

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	private final JdbcClient jdbc;

	TestCustomers(ApplicationEventPublisher events, TransactionTemplate tx, JdbcClient jdbc) {
		this.events = events;
		this.tx = tx;
		this.jdbc = jdbc;
	}

	/** WeCom's tag list for the corp: group name → tag names; WeCom ids are "wt-<group>-<tag>". Returns Siyu ids by name. */
	public Map<String, Long> tags(long corpId, Map<String, List<String>> groups) {
		List<CorpTagsFetched.Group> list = new ArrayList<>();
		groups.forEach((group, names) -> list.add(new CorpTagsFetched.Group("wg-" + corpId + "-" + group, group, 0,
				names.stream().map(n -> new CorpTagsFetched.Tag(wecomTagId(corpId, group, n), n, 0)).toList())));
		publish(corpId, new CorpTagsFetched(corpId, null, list, Instant.now()));
		Map<String, Long> ids = new java.util.HashMap<>();
		jdbc.sql("select name, id from tag where corp_id = ? and deleted_at is null").param(corpId)
			.query((rs, i) -> ids.put(rs.getString(1), rs.getLong(2))).list();
		return ids;
	}

	public static String wecomTagId(long corpId, String group, String tag) {
		return "wt-" + corpId + "-" + group + "-" + tag;
	}

	/** Customers as WeCom would describe them; returns Siyu ids by external_userid. */
	public Map<String, Long> customers(long corpId, List<Customer> customers) {
		List<ContactProfile> contacts = customers.stream()
			.map(c -> new ContactProfile(c.externalUserId(), c.name(), null, 1, 1, c.unionid(), null))
			.toList();
		List<FollowInfo> follows = new ArrayList<>();
		customers.forEach(c -> c.follows().forEach(f -> follows.add(new FollowInfo(c.externalUserId(), f.userid(),
				f.remark(), null, f.addedAt(), 1, f.state(), f.wecomTagIds(), f.phones()))));
		publish(corpId, new ContactsFetched(corpId, null, contacts, follows, Instant.now()));
		Map<String, Long> ids = new java.util.HashMap<>();
		customers.forEach(c -> ids.put(c.externalUserId(), jdbc.sql("select id from customer where corp_id = ?"
				+ " and external_userid = ?").params(corpId, c.externalUserId()).query(Long.class).single()));
		return ids;
	}

	/**
	 * A customer known only from outside WeCom (as an import leaves them: no external_userid), with a phone already in
	 * its stored forms. Returns the id.
	 */
	public long imported(long corpId, String name, String unionid, String phoneEnc, String phoneHash, String phoneMasked) {
		jdbc.sql("insert into customer (corp_id, name, unionid, phone_enc, phone_hash, phone_masked, stage, source,"
				+ " created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'NEW', 'IMPORT', current_timestamp, current_timestamp)")
			.params(corpId, name, unionid, phoneEnc, phoneHash, phoneMasked)
			.update();
		return jdbc.sql("select max(id) from customer where corp_id = ? and name = ?").params(corpId, name)
			.query(Long.class).single();
	}

	private void publish(long corpId, Object event) {
		Actors.runAs(Actor.system(corpId), () -> tx.executeWithoutResult(status -> events.publishEvent(event)));
	}

	public record Customer(String externalUserId, String name, String unionid, List<Follow> follows) {

		public static Customer of(String externalUserId, String name, Follow... follows) {
			return new Customer(externalUserId, name, null, List.of(follows));
		}
	}

	public record Follow(String userid, String remark, Instant addedAt, String state, List<String> wecomTagIds,
			List<String> phones) {

		public static Follow by(String userid, Instant addedAt, String... wecomTagIds) {
			return new Follow(userid, null, addedAt, null, List.of(wecomTagIds), List.of());
		}
	}
}
