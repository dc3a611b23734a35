package io.siyu.customer;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.siyu.shared.Actors;
import io.siyu.shared.RuleViolationException;
import io.siyu.shared.SecretBox;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.ContactProfile;
import io.siyu.wecom.FollowInfo;

/**
 * One person, one customer: a customer known only from an import (no external_userid yet) is recognised when WeCom
 * brings the same unionid or a member notes the same phone number, and the two records are merged. Phones are kept
 * encrypted with a keyed fingerprint for matching and a masked form for display.
 */
@Component
class CustomerIdentities {

	private final TenantJdbc jdbc;

	private final SecretBox secrets;

	private final Timeline timeline;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	CustomerIdentities(TenantJdbc jdbc, SecretBox secrets, Timeline timeline, ApplicationEventPublisher events,
			Clock clock) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.timeline = timeline;
		this.events = events;
		this.clock = clock;
	}

	/** The phone's stored forms, or empty when it is not a phone number. */
	Optional<Phone> phone(String raw) {
		return Phone.normalize(raw).map(p -> new Phone(p, secrets.encrypt(p), secrets.fingerprint(p), Phone.mask(p)));
	}

	String fingerprint(String normalizedPhone) {
		return secrets.fingerprint(normalizedPhone);
	}

	String decrypt(String sealed) {
		return secrets.decrypt(sealed);
	}

	/**
	 * Customers new to WeCom whose unionid an imported record already carries: that record becomes the WeCom customer
	 * (it receives the external_userid) instead of a second record being created. Returns their ids by external_userid.
	 */
	Map<String, Long> adoptByUnionid(Collection<ContactProfile> contacts, Timestamp now) {
		Map<String, ContactProfile> byUnionid = new HashMap<>();
		contacts.stream().filter(c -> c.unionid() != null && !c.unionid().isBlank())
			.forEach(c -> byUnionid.putIfAbsent(c.unionid(), c));
		Map<String, Long> adopted = new HashMap<>();
		if (byUnionid.isEmpty()) {
			return adopted;
		}
		Map<String, Long> imported = new HashMap<>();
		jdbc.sql("select id, unionid from customer where corp_id = :corp and unionid in (:u) and external_userid is null"
				+ " and merged_into is null and " + CustomerScope.system() + " order by id")
			.param("u", byUnionid.keySet())
			.list((rs, i) -> imported.putIfAbsent(rs.getString(2), rs.getLong(1)));
		List<Timeline.NewEvent> notes = new ArrayList<>();
		imported.forEach((unionid, id) -> {
			ContactProfile c = byUnionid.get(unionid);
			jdbc.sql("update customer set external_userid = :ext, name = coalesce(:name, name), avatar = :avatar,"
					+ " type = :type, gender = :gender, corp_name = :corpName, updated_at = :now"
					+ " where id = :id and corp_id = :corp and " + CustomerScope.system())
				.param("ext", c.externalUserId())
				.param("name", c.name())
				.param("avatar", c.avatar())
				.param("type", c.type())
				.param("gender", c.gender())
				.param("corpName", c.corpName())
				.param("now", now)
				.param("id", id)
				.update();
			adopted.put(c.externalUserId(), id);
			notes.add(new Timeline.NewEvent(id, TimelineKinds.MERGED, now.toInstant(), null, "unionid",
					null, "Recognised as WeCom customer " + c.externalUserId() + " by unionid"));
		});
		timeline.appendAll(notes);
		return adopted;
	}

	/**
	 * Phone numbers members noted on relations: a WeCom customer without a phone takes the first valid one, and an
	 * imported record (no external_userid) with the same phone is merged into the WeCom customer.
	 */
	void adoptPhones(List<FollowInfo> follows, Map<String, Long> ids) {
		for (FollowInfo f : follows) {
			Long customerId = ids.get(f.externalUserId());
			if (customerId == null || f.remarkMobiles().isEmpty()) {
				continue;
			}
			for (String raw : f.remarkMobiles()) {
				Optional<Phone> phone = phone(raw);
				if (phone.isEmpty()) {
					continue;
				}
				jdbc.sql("update customer set phone_enc = :enc, phone_hash = :hash, phone_masked = :masked"
						+ " where id = :id and corp_id = :corp and phone_hash is null and " + CustomerScope.system())
					.param("enc", phone.get().sealed())
					.param("hash", phone.get().fingerprint())
					.param("masked", phone.get().masked())
					.param("id", customerId)
					.update();
				jdbc.sql("select id from customer where corp_id = :corp and phone_hash = :hash and external_userid is null"
						+ " and merged_into is null and id <> :id and " + CustomerScope.system())
					.param("hash", phone.get().fingerprint())
					.param("id", customerId)
					.list((rs, i) -> rs.getLong(1))
					.forEach(imported -> merge(customerId, imported, "PHONE"));
				break;
			}
		}
	}

	/**
	 * Merges {@code mergedId} into {@code keptId}: relations, tags, timeline, field values and stage history move;
	 * ids the kept record lacks are taken over; the merged record points at the kept one. Two records that both came
	 * from WeCom (two external_userids) are two WeCom identities and are never merged.
	 */
	void merge(long keptId, long mergedId, String reason) {
		if (keptId == mergedId) {
			throw new RuleViolationException("error.customer.mergeSelf", "A customer cannot be merged into itself");
		}
		Map<Long, Row> rows = new HashMap<>();
		jdbc.sql("select id, external_userid, unionid, openid, phone_enc, phone_hash, phone_masked, name, merged_into"
				+ " from customer where corp_id = :corp and id in (:ids) and " + CustomerScope.system())
			.param("ids", List.of(keptId, mergedId))
			.list((rs, i) -> rows.put(rs.getLong(1), new Row(rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
					Timestamps.nullableLong(rs, "merged_into"))));
		Row kept = rows.get(keptId);
		Row merged = rows.get(mergedId);
		if (kept == null || merged == null) {
			throw new io.siyu.shared.NotFoundException("Customer not found");
		}
		if (kept.mergedInto() != null || merged.mergedInto() != null) {
			throw new RuleViolationException("error.customer.alreadyMerged", "One of the customers was merged already");
		}
		if (kept.external() != null && merged.external() != null) {
			throw new RuleViolationException("error.customer.twoWeComIds",
					"Both customers are WeCom customers (two external_userids): WeCom keeps them apart, so does Siyu");
		}
		Timestamp now = Timestamps.of(clock.instant());
		String system = CustomerScope.system();
		jdbc.sql("update customer set unionid = coalesce(unionid, :unionid), openid = coalesce(openid, :openid),"
				+ " phone_enc = coalesce(phone_enc, :phoneEnc), phone_hash = coalesce(phone_hash, :phoneHash),"
				+ " phone_masked = coalesce(phone_masked, :phoneMasked), name = coalesce(name, :name), updated_at = :now"
				+ " where id = :kept and corp_id = :corp and " + system)
			.param("unionid", merged.unionid())
			.param("openid", merged.openid())
			.param("phoneEnc", merged.phoneEnc())
			.param("phoneHash", merged.phoneHash())
			.param("phoneMasked", merged.phoneMasked())
			.param("name", merged.name())
			.param("now", now)
			.param("kept", keptId)
			.update();
		String external = merged.external();
		jdbc.sql("update customer set merged_into = :kept, external_userid = null, unionid = null, phone_hash = null,"
				+ " active_follows = 0, updated_at = :now where id = :merged and corp_id = :corp and " + system)
			.param("kept", keptId)
			.param("merged", mergedId)
			.param("now", now)
			.update();
		if (external != null) {
			jdbc.sql("update customer set external_userid = :ext where id = :kept and corp_id = :corp and " + system)
				.param("ext", external)
				.param("kept", keptId)
				.update();
		}
		move("customer_follow", "k.userid = m.userid", keptId, mergedId);
		move("customer_tag", "k.tag_id = m.tag_id and k.userid = m.userid", keptId, mergedId);
		move("customer_field_value", "k.field_id = m.field_id", keptId, mergedId);
		for (String table : List.of("customer_event", "customer_stage_history")) {
			jdbc.sql("update " + table + " set customer_id = :kept where customer_id = :merged and corp_id = :corp and "
					+ system).param("kept", keptId).param("merged", mergedId).update();
		}
		FollowCounts.refresh(jdbc, List.of(keptId));
		jdbc.sql("insert into customer_merge (corp_id, kept_id, merged_id, reason, actor, at)"
				+ " values (:corp, :kept, :merged, :reason, :actor, :now)")
			.param("kept", keptId)
			.param("merged", mergedId)
			.param("reason", reason)
			.param("actor", Actors.require().principal())
			.param("now", now)
			.update();
		timeline.appendAll(List.of(new Timeline.NewEvent(keptId, TimelineKinds.MERGED, now.toInstant(), null,
				String.valueOf(mergedId), null, "Merged customer " + mergedId + " (" + reason + ")")));
		events.publishEvent(new CustomersMerged(Actors.require().requireCorp(), keptId, mergedId, reason));
		events.publishEvent(new CustomersChanged(Actors.require().requireCorp(), List.of(keptId, mergedId)));
	}

	/**
	 * Moves the merged customer's rows of {@code table} to the kept customer, except where the kept one already has a
	 * row that is the {@code same} (those are dropped: the kept customer's value wins).
	 */
	private void move(String table, String same, long keptId, long mergedId) {
		jdbc.sql("delete from " + table + " m where m.customer_id = :merged and m.corp_id = :corp and exists (select 1 from "
				+ table + " k where k.customer_id = :kept and k.corp_id = :corp and " + same + ") and "
				+ CustomerScope.system())
			.param("kept", keptId)
			.param("merged", mergedId)
			.update();
		jdbc.sql("update " + table + " set customer_id = :kept where customer_id = :merged and corp_id = :corp and "
				+ CustomerScope.system())
			.param("kept", keptId)
			.param("merged", mergedId)
			.update();
	}

	/** A phone number: normalized digits, encrypted, fingerprinted and masked. */
	record Phone(String normalized, String sealed, String fingerprint, String masked) {

		/** Mainland mobiles lose a +86/86/0086 prefix; other numbers keep 6–15 digits; anything else is not a phone. */
		static Optional<String> normalize(String raw) {
			if (raw == null) {
				return Optional.empty();
			}
			String digits = raw.replaceAll("[\\s\\-()+]", "");
			if (!digits.matches("\\d{6,18}")) {
				return Optional.empty();
			}
			if (digits.startsWith("0086")) {
				digits = digits.substring(4);
			}
			else if (digits.startsWith("86") && digits.length() == 13) {
				digits = digits.substring(2);
			}
			return digits.length() >= 6 && digits.length() <= 15 ? Optional.of(digits) : Optional.empty();
		}

		static String mask(String normalized) {
			if (normalized.length() >= 11) {
				return normalized.substring(0, 3) + "****" + normalized.substring(normalized.length() - 4);
			}
			return "****" + normalized.substring(normalized.length() - 2);
		}
	}

	private record Row(String external, String unionid, String openid, String phoneEnc, String phoneHash,
			String phoneMasked, String name, Long mergedInto) {
	}
}
