package io.siyu.wecom;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.stereotype.Service;

import io.siyu.wecom.gateway.WeComGateway;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalTagGroupInfo;

/**
 * Corp tags in WeCom, in Siyu's terms: create, rename, re-order, delete, and mark customers. Every call goes through
 * the gateway (quota, retries, breaker) and fails with {@link WeComException} carrying WeCom's errcode. Call these
 * outside database transactions (after commit).
 */
@Service
public class WeComTags {

	/** WeCom's corp tag cap (corp and strategy tags together) was reached. */
	public static final int CAP_REACHED = 45035;

	private final WeComGateway gateway;

	WeComTags(WeComGateway gateway) {
		this.gateway = gateway;
	}

	/**
	 * Adds tags to a group: an existing one ({@code groupId}) or a new one named {@code groupName} (WeCom has no empty
	 * groups, so a group is created together with its first tags). Returns WeCom's ids.
	 */
	public CreatedTags create(long corpId, String groupId, String groupName, long groupOrder, List<NewTag> tags) {
		WxCpUserExternalTagGroupInfo.TagGroup group = new WxCpUserExternalTagGroupInfo.TagGroup();
		group.setGroupId(groupId);
		group.setGroupName(groupId == null ? groupName : null);
		group.setOrder(groupId == null ? groupOrder : null);
		List<WxCpUserExternalTagGroupInfo.Tag> wanted = new ArrayList<>();
		for (NewTag tag : tags) {
			WxCpUserExternalTagGroupInfo.Tag t = new WxCpUserExternalTagGroupInfo.Tag();
			t.setName(tag.name());
			t.setOrder(tag.order());
			wanted.add(t);
		}
		group.setTag(wanted);
		WxCpUserExternalTagGroupInfo request = new WxCpUserExternalTagGroupInfo();
		request.setTagGroup(group);
		WxCpUserExternalTagGroupInfo created = gateway.call(corpId, "externalcontact/add_corp_tag",
				s -> s.getExternalContactService().addCorpTag(request));
		List<CreatedTags.Tag> ids = created.getTagGroup().getTag() == null ? List.of()
				: created.getTagGroup().getTag().stream().map(t -> new CreatedTags.Tag(t.getId(), t.getName())).toList();
		return new CreatedTags(created.getTagGroup().getGroupId(), ids);
	}

	/** Renames and/or re-orders a tag or a group (either id works, as in WeCom). */
	public void edit(long corpId, String id, String name, Long order) {
		gateway.call(corpId, "externalcontact/edit_corp_tag", s -> s.getExternalContactService()
			.editCorpTag(id, name, order == null ? null : (int) Math.min(order, Integer.MAX_VALUE)));
	}

	/** Deletes tags and whole groups; deleting a group's last tag deletes the group. */
	public void delete(long corpId, Collection<String> tagIds, Collection<String> groupIds) {
		gateway.call(corpId, "externalcontact/del_corp_tag", s -> s.getExternalContactService()
			.delCorpTag(tagIds.isEmpty() ? null : tagIds.toArray(String[]::new),
					groupIds.isEmpty() ? null : groupIds.toArray(String[]::new)));
	}

	/** Adds and removes corp tags on the customer as the member {@code userid} sees them. */
	public void mark(long corpId, String userid, String externalUserId, Collection<String> add,
			Collection<String> remove) {
		gateway.call(corpId, "externalcontact/mark_tag", s -> s.getExternalContactService()
			.markTag(userid, externalUserId, add.isEmpty() ? null : add.toArray(String[]::new),
					remove.isEmpty() ? null : remove.toArray(String[]::new)));
	}

	public record NewTag(String name, long order) {
	}

	public record CreatedTags(String groupId, List<Tag> tags) {

		public record Tag(String id, String name) {
		}
	}
}
