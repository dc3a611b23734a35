package io.siyu.wecom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;

import io.siyu.wecom.gateway.WeComGateway;
import me.chanjar.weixin.cp.bean.external.contact.WxCpExternalContactInfo;
import io.siyu.wecom.sync.FreshContacts;
import me.chanjar.weixin.common.error.WxError;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.cp.bean.external.WxCpContactWayInfo;
import me.chanjar.weixin.cp.bean.external.WxCpContactWayResult;
import me.chanjar.weixin.cp.bean.external.WxCpGroupJoinWayInfo;
import me.chanjar.weixin.cp.bean.external.WxCpGroupWelcomeTemplateResult;
import me.chanjar.weixin.cp.bean.external.WxCpWelcomeMsg;
import me.chanjar.weixin.cp.bean.external.acquisition.WxCpCustomerAcquisitionInfo;
import me.chanjar.weixin.cp.bean.external.acquisition.WxCpCustomerAcquisitionRequest;
import me.chanjar.weixin.cp.bean.external.msg.Attachment;
import me.chanjar.weixin.cp.bean.external.msg.File;
import me.chanjar.weixin.cp.bean.external.msg.Image;
import me.chanjar.weixin.cp.bean.external.msg.Link;
import me.chanjar.weixin.cp.bean.external.msg.MiniProgram;
import me.chanjar.weixin.cp.bean.external.msg.Text;

/**
 * Contact ways (联系我), welcome messages, group join ways (加入群聊) and their welcome templates, acquisition links
 * (获客链接) and media uploads, in Siyu's terms. Every call goes through the gateway (quota, retries, breaker) and fails
 * with {@link WeComException} carrying WeCom's errcode. Call outside database transactions.
 */
@Service
public class WeComContactWays {

	/** A welcome code that was used, expired or never issued. */
	public static final int WELCOME_CODE_INVALID = 41051;

	/** WeCom's cap on contact ways (and join ways) per corp was reached. */
	public static final int CAP_REACHED = 45035;

	/** The contact way (config_id) does not exist in WeCom. */
	public static final int UNKNOWN_WAY = 84062;

	private final WeComGateway gateway;

	private final FreshContacts fresh;

	private final Clock clock;

	WeComContactWays(WeComGateway gateway, FreshContacts fresh, Clock clock) {
		this.gateway = gateway;
		this.fresh = fresh;
		this.clock = clock;
	}

	/** Creates a multi-member QR contact way carrying {@code state}; returns its config_id and QR image URL. */
	public Way create(long corpId, List<String> userids, boolean skipVerify, String state, String remark) {
		WxCpContactWayInfo.ContactWay way = new WxCpContactWayInfo.ContactWay();
		way.setType(WxCpContactWayInfo.TYPE.MULTI);
		way.setScene(WxCpContactWayInfo.SCENE.QRCODE);
		way.setUsers(userids);
		way.setSkipVerify(skipVerify);
		way.setState(state);
		way.setRemark(remark);
		WxCpContactWayInfo info = new WxCpContactWayInfo();
		info.setContactWay(way);
		WxCpContactWayResult result = gateway.call(corpId, "externalcontact/add_contact_way",
				s -> s.getExternalContactService().addContactWay(info));
		return new Way(result.getConfigId(), result.getQrCode());
	}

	/** Puts other members behind the way and/or changes skip_verify; the QR code stays the same. */
	public void update(long corpId, String configId, List<String> userids, boolean skipVerify, String remark) {
		WxCpContactWayInfo.ContactWay way = new WxCpContactWayInfo.ContactWay();
		way.setConfigId(configId);
		way.setUsers(userids);
		way.setSkipVerify(skipVerify);
		way.setRemark(remark);
		WxCpContactWayInfo info = new WxCpContactWayInfo();
		info.setContactWay(way);
		gateway.call(corpId, "externalcontact/update_contact_way",
				s -> s.getExternalContactService().updateContactWay(info));
	}

	/** Deletes the way (its QR code stops working); an unknown way counts as deleted. */
	public void delete(long corpId, String configId) {
		try {
			gateway.call(corpId, "externalcontact/del_contact_way",
					s -> s.getExternalContactService().deleteContactWay(configId));
		}
		catch (WeComException e) {
			if (e.errcode() != UNKNOWN_WAY) {
				throw e;
			}
		}
	}

	/** Sends the welcome message of an add with its single-use welcome code. */
	public void sendWelcome(long corpId, String welcomeCode, String text, List<Content> attachments) {
		WxCpWelcomeMsg msg = new WxCpWelcomeMsg();
		msg.setWelcomeCode(welcomeCode);
		if (text != null && !text.isBlank()) {
			msg.setText(new Text().setContent(text));
		}
		List<Attachment> list = new ArrayList<>();
		for (Content c : attachments) {
			list.add(attachment(c));
		}
		msg.setAttachments(list.isEmpty() ? null : list);
		gateway.call(corpId, "externalcontact/send_welcome_msg", s -> {
			s.getExternalContactService().sendWelcomeMsg(msg);
			return null;
		});
	}

	/** Uploads a temporary media file (image or file, valid 3 days in WeCom); returns its media_id. */
	public String upload(long corpId, String type, String filename, byte[] bytes) {
		return gateway.call(corpId, "media/upload", s -> {
			try {
				return s.getMediaService().upload(type, filename.contains(".") ? filename.substring(filename.lastIndexOf('.') + 1) : "bin",
						new ByteArrayInputStream(bytes)).getMediaId();
			}
			catch (IOException e) {
				throw new WxErrorException(WxError.builder().errorCode(-1).errorMsg(e.getMessage()).build(), e);
			}
		});
	}

	/**
	 * The customer's WeChat name (for a welcome text that names them before Siyu has read the profile): one attempt,
	 * without waiting for quota, as the welcome cannot wait for it. The contact read is kept for the processing of the
	 * same add ({@link FreshContacts}), so the add does not read it twice.
	 */
	public String customerName(long corpId, String externalUserId) {
		Instant readAt = clock.instant();
		WxCpExternalContactInfo info = gateway.callOnce(corpId, "externalcontact/get",
				s -> s.getExternalContactService().getContactDetail(externalUserId, null));
		fresh.keep(corpId, externalUserId, info, readAt);
		return info.getExternalContact().getName();
	}

	/** Creates a join way over up to 5 groups, opening new ones named base name + number when all are full. */
	public Way createJoinWay(long corpId, List<String> chatIds, String state, String remark, boolean autoCreate,
			String baseName, int baseId) {
		WxCpGroupJoinWayInfo info = joinWay(null, chatIds, state, remark, autoCreate, baseName, baseId);
		String configId = gateway.call(corpId, "externalcontact/groupchat/add_join_way",
				s -> s.getExternalContactService().addJoinWay(info)).getConfigId();
		String qr = gateway.call(corpId, "externalcontact/groupchat/get_join_way",
				s -> s.getExternalContactService().getJoinWay(configId)).getJoinWay().getQrCode();
		return new Way(configId, qr);
	}

	public void updateJoinWay(long corpId, String configId, List<String> chatIds, String state, String remark,
			boolean autoCreate, String baseName, int baseId) {
		WxCpGroupJoinWayInfo info = joinWay(configId, chatIds, state, remark, autoCreate, baseName, baseId);
		gateway.call(corpId, "externalcontact/groupchat/update_join_way",
				s -> s.getExternalContactService().updateJoinWay(info));
	}

	/** The groups currently behind a join way (WeCom adds the groups it opened itself). */
	public List<String> joinWayChats(long corpId, String configId) {
		List<String> ids = gateway.call(corpId, "externalcontact/groupchat/get_join_way",
				s -> s.getExternalContactService().getJoinWay(configId)).getJoinWay().getChatIdList();
		return ids == null ? List.of() : ids;
	}

	public void deleteJoinWay(long corpId, String configId) {
		gateway.call(corpId, "externalcontact/groupchat/del_join_way",
				s -> s.getExternalContactService().delJoinWay(configId));
	}

	/** Stores a group welcome template (入群欢迎语素材); returns its template_id. */
	public String addGroupWelcome(long corpId, String text) {
		WxCpGroupWelcomeTemplateResult t = new WxCpGroupWelcomeTemplateResult();
		t.setText(new Text().setContent(text));
		return gateway.call(corpId, "externalcontact/group_welcome_template/add",
				s -> s.getExternalContactService().addGroupWelcomeTemplate(t));
	}

	public void editGroupWelcome(long corpId, String templateId, String text) {
		WxCpGroupWelcomeTemplateResult t = new WxCpGroupWelcomeTemplateResult();
		t.setTemplateId(templateId);
		t.setText(new Text().setContent(text));
		gateway.call(corpId, "externalcontact/group_welcome_template/edit",
				s -> s.getExternalContactService().editGroupWelcomeTemplate(t));
	}

	/** Creates an acquisition link (获客链接) over the members; returns link_id and URL. */
	public Way createLink(long corpId, String name, List<String> userids, boolean skipVerify) {
		WxCpCustomerAcquisitionRequest request = new WxCpCustomerAcquisitionRequest();
		request.setLinkName(name);
		WxCpCustomerAcquisitionInfo.Range range = new WxCpCustomerAcquisitionInfo.Range();
		range.setUserList(userids);
		request.setRange(range);
		request.setSkipVerify(skipVerify);
		WxCpCustomerAcquisitionInfo.Link link = gateway.call(corpId, "externalcontact/customer_acquisition/create_link",
				s -> s.getExternalContactService().customerAcquisitionLinkCreate(request)).getLink();
		return new Way(link.getLinkId(), link.getUrl());
	}

	public void updateLink(long corpId, String linkId, String name, List<String> userids, boolean skipVerify) {
		WxCpCustomerAcquisitionRequest request = new WxCpCustomerAcquisitionRequest();
		request.setLinkId(linkId);
		request.setLinkName(name);
		WxCpCustomerAcquisitionInfo.Range range = new WxCpCustomerAcquisitionInfo.Range();
		range.setUserList(userids);
		request.setRange(range);
		request.setSkipVerify(skipVerify);
		gateway.call(corpId, "externalcontact/customer_acquisition/update_link",
				s -> s.getExternalContactService().customerAcquisitionUpdate(request));
	}

	public void deleteLink(long corpId, String linkId) {
		gateway.call(corpId, "externalcontact/customer_acquisition/delete_link",
				s -> s.getExternalContactService().customerAcquisitionLinkDelete(linkId));
	}

	private static WxCpGroupJoinWayInfo joinWay(String configId, List<String> chatIds, String state, String remark,
			boolean autoCreate, String baseName, int baseId) {
		WxCpGroupJoinWayInfo.JoinWay way = new WxCpGroupJoinWayInfo.JoinWay();
		way.setConfigId(configId);
		way.setScene(2);
		way.setChatIdList(chatIds);
		way.setState(state);
		way.setRemark(remark);
		way.setAutoCreateRoom(autoCreate ? 1 : 0);
		if (autoCreate) {
			way.setRoomBaseName(baseName);
			way.setRoomBaseId(baseId);
		}
		WxCpGroupJoinWayInfo info = new WxCpGroupJoinWayInfo();
		info.setJoinWay(way);
		return info;
	}

	private static Attachment attachment(Content c) {
		Attachment a = new Attachment();
		switch (c.type()) {
			case "image" -> a.setImage(new Image().setMediaId(c.mediaId()).setPicUrl(c.picUrl()));
			case "link" -> a.setLink(new Link().setTitle(c.title()).setUrl(c.url()).setPicUrl(c.picUrl()).setDesc(c.desc()));
			case "miniprogram" -> a.setMiniProgram(new MiniProgram().setTitle(c.title())
				.setAppid(c.appid())
				.setPage(c.page())
				.setPicMediaId(c.mediaId()));
			case "file" -> a.setFile(new File().setMediaId(c.mediaId()));
			default -> throw new IllegalArgumentException("Unknown attachment type " + c.type());
		}
		return a;
	}

	/** A contact way, join way or link: WeCom's id and its QR image or link URL. */
	public record Way(String id, String url) {
	}

	/**
	 * One attachment of a welcome message: {@code image} (mediaId or picUrl), {@code link} (title, url, picUrl, desc),
	 * {@code miniprogram} (title, appid, page, mediaId of the cover), {@code file} (mediaId).
	 */
	public record Content(String type, String title, String url, String picUrl, String desc, String appid, String page,
			String mediaId) {
	}
}
