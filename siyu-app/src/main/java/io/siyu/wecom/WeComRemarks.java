package io.siyu.wecom;

import java.time.Clock;
import java.time.Instant;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.BadRequestException;
import io.siyu.wecom.gateway.WeComGateway;
import io.siyu.wecom.sync.ContactProfiles;
import me.chanjar.weixin.cp.bean.external.WxCpUpdateRemarkRequest;
import me.chanjar.weixin.cp.bean.external.contact.WxCpExternalContactInfo;

/**
 * A member's remark and description of a customer (备注, 描述), changed in WeCom. Call outside database transactions.
 */
@Service
public class WeComRemarks {

	/** WeCom's limits (characters). */
	public static final int REMARK_MAX = 20;

	public static final int DESCRIPTION_MAX = 150;

	private final WeComGateway gateway;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	private final Clock clock;

	WeComRemarks(WeComGateway gateway, ApplicationEventPublisher events, TransactionTemplate tx, Clock clock) {
		this.gateway = gateway;
		this.events = events;
		this.tx = tx;
		this.clock = clock;
	}

	/**
	 * Sets the remark and description member {@code userid} keeps for the customer (blank clears), then reads the
	 * customer back and publishes it like a re-read after a callback: WeCom sends no callback for a change made through
	 * the API, and this way Siyu's copy shows the change at once. Too long values are a 400 before WeCom is asked.
	 */
	public void edit(long corpId, String userid, String externalUserId, String remark, String description) {
		String r = remark == null ? "" : remark.strip();
		String d = description == null ? "" : description.strip();
		if (r.codePointCount(0, r.length()) > REMARK_MAX) {
			throw new BadRequestException("error.remark.tooLong", "A remark is at most " + REMARK_MAX + " characters",
					REMARK_MAX);
		}
		if (d.codePointCount(0, d.length()) > DESCRIPTION_MAX) {
			throw new BadRequestException("error.remark.descriptionTooLong",
					"A description is at most " + DESCRIPTION_MAX + " characters", DESCRIPTION_MAX);
		}
		WxCpUpdateRemarkRequest request = WxCpUpdateRemarkRequest.builder()
			.userId(userid)
			.externalUserId(externalUserId)
			.remark(r)
			.description(d)
			.build();
		gateway.call(corpId, "externalcontact/remark", s -> {
			s.getExternalContactService().updateRemark(request);
			return null;
		});
		Instant readAt = clock.instant();
		WxCpExternalContactInfo info = gateway.call(corpId, "externalcontact/get",
				s -> s.getExternalContactService().getContactDetail(externalUserId, null));
		ContactsFetched fetched = ContactProfiles.fetched(corpId, info, readAt);
		tx.executeWithoutResult(status -> Actors.runAs(Actor.system(corpId), () -> events.publishEvent(fetched)));
	}
}
