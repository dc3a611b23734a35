package io.siyu.wecom.callback;

import java.time.Clock;
import java.util.Arrays;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.TenantJdbc;
import io.siyu.shared.Timestamps;
import io.siyu.wecom.CustomerAdded;
import io.siyu.wecom.gateway.WeComGateway;
import me.chanjar.weixin.cp.bean.external.contact.ExternalContact;
import me.chanjar.weixin.cp.bean.external.contact.FollowedUser;
import me.chanjar.weixin.cp.bean.external.contact.WxCpExternalContactInfo;

/**
 * A callback carries only ids: after a customer is added, their profile and the relation's remark, add way and tags
 * are read from WeCom (after commit, through the gateway; a failed read is retried by the event registry).
 */
@Component
class AddedCustomerDetails {

	private final WeComGateway gateway;

	private final TenantJdbc jdbc;

	private final Clock clock;

	AddedCustomerDetails(WeComGateway gateway, TenantJdbc jdbc, Clock clock) {
		this.gateway = gateway;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@ApplicationModuleListener
	void on(CustomerAdded added) {
		WxCpExternalContactInfo info = gateway.call(added.corpId(), "externalcontact/get",
				service -> service.getExternalContactService().getContactDetail(added.externalUserId(), null));
		Actors.runAs(Actor.system(added.corpId()), () -> store(info));
	}

	private void store(WxCpExternalContactInfo info) {
		ExternalContact c = info.getExternalContact();
		var now = Timestamps.of(clock.instant());
		int updated = customer(jdbc.sql("update wecom_customer set name = :name, type = :type, gender = :gender,"
				+ " unionid = :unionid, avatar = :avatar, corp_name = :corpName, updated_at = :now"
				+ " where corp_id = :corp and external_userid = :ext"), c, now).update();
		if (updated == 0) {
			try {
				customer(jdbc.sql("insert into wecom_customer (corp_id, external_userid, name, type, gender, unionid, avatar,"
						+ " corp_name, updated_at) values (:corp, :ext, :name, :type, :gender, :unionid, :avatar, :corpName, :now)"),
						c, now).update();
			}
			catch (org.springframework.dao.DuplicateKeyException raced) {
				// stored concurrently by a sync
			}
		}
		if (info.getFollowedUsers() == null) {
			return;
		}
		for (FollowedUser follow : info.getFollowedUsers()) {
			jdbc.sql("update wecom_follow set remark = :remark, description = :description, add_way = :addWay,"
					+ " tag_ids = :tags, updated_at = :now where corp_id = :corp and external_userid = :ext and userid = :userid")
				.param("remark", follow.getRemark())
				.param("description", follow.getDescription())
				.param("addWay", parse(follow.getAddWay()))
				.param("tags", tagIds(follow))
				.param("now", now)
				.param("ext", c.getExternalUserId())
				.param("userid", follow.getUserId())
				.update();
		}
	}

	private static TenantJdbc.Statement customer(TenantJdbc.Statement statement, ExternalContact c, Object now) {
		return statement.param("ext", c.getExternalUserId())
			.param("name", c.getName())
			.param("type", c.getType())
			.param("gender", c.getGender())
			.param("unionid", c.getUnionId())
			.param("avatar", c.getAvatar())
			.param("corpName", c.getCorpName())
			.param("now", now);
	}

	private static String tagIds(FollowedUser follow) {
		if (follow.getTags() != null && follow.getTags().length > 0) {
			return String.join(",", Arrays.stream(follow.getTags()).map(FollowedUser.Tag::getTagId).toList());
		}
		return follow.getTagIds() == null ? "" : String.join(",", follow.getTagIds());
	}

	private static Integer parse(String addWay) {
		try {
			return addWay == null ? null : Integer.valueOf(addWay);
		}
		catch (NumberFormatException e) {
			return null;
		}
	}
}
