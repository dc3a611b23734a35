package io.siyu.wecom;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.wecom.gateway.WeComGateway;
import io.siyu.wecom.sync.GroupPages;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalGroupChatInfo;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalGroupChatTransferResp;
import me.chanjar.weixin.cp.bean.external.WxCpUserTransferCustomerReq;
import me.chanjar.weixin.cp.bean.external.WxCpUserTransferCustomerResp;
import me.chanjar.weixin.cp.bean.external.WxCpUserTransferResultResp;

/**
 * Customer and group inheritance in WeCom (离职继承 / 在职转接), in Siyu's terms. On-job transfers wait 24 h for the
 * customer (who may refuse); each customer allows two on-job transfers per 90 days. Call outside transactions.
 */
@Service
public class WeComTransfers {

	/** Per-customer: the customer is over WeCom's transfer limit, or a transfer of them is already waiting. */
	public static final int OVER_LIMIT = 45035;

	/** Per-customer: the handover member is not (any more) the customer's friend. */
	public static final int NO_RELATION = 84061;

	/** WeCom's batch size for customers and groups. */
	public static final int BATCH = 100;

	private final WeComGateway gateway;

	private final GroupPages groupPages;

	private final TransactionTemplate tx;

	private final Clock clock;

	WeComTransfers(WeComGateway gateway, GroupPages groupPages, TransactionTemplate tx, Clock clock) {
		this.gateway = gateway;
		this.groupPages = groupPages;
		this.tx = tx;
		this.clock = clock;
	}

	/** Starts transfers of up to 100 customers; returns WeCom's errcode per customer (0 = started). */
	public List<Started> transferCustomers(long corpId, boolean resigned, String handover, String takeover,
			List<String> externalUserIds, String message) {
		WxCpUserTransferCustomerReq request = new WxCpUserTransferCustomerReq();
		request.setHandOverUserid(handover);
		request.setTakeOverUserid(takeover);
		request.setExternalUserid(List.copyOf(externalUserIds));
		if (!resigned && message != null && !message.isBlank()) {
			request.setTransferMsg(message);
		}
		WxCpUserTransferCustomerResp resp = resigned
				? gateway.call(corpId, "externalcontact/resigned/transfer_customer",
						s -> s.getExternalContactService().resignedTransferCustomer(request))
				: gateway.call(corpId, "externalcontact/transfer_customer",
						s -> s.getExternalContactService().transferCustomer(request));
		List<Started> out = new ArrayList<>();
		if (resp.getCustomer() != null) {
			resp.getCustomer().forEach(c -> out.add(new Started(c.getExternalUserid(),
					c.getErrcode() == null ? 0 : c.getErrcode())));
		}
		return out;
	}

	/** Every transfer WeCom knows between the two members (all pages). */
	public List<Result> results(long corpId, boolean resigned, String handover, String takeover) {
		List<Result> out = new ArrayList<>();
		String cursor = null;
		Set<String> cursors = new HashSet<>();
		do {
			String c = cursor;
			WxCpUserTransferResultResp page = resigned
					? gateway.call(corpId, "externalcontact/resigned/transfer_result",
							s -> s.getExternalContactService().resignedTransferResult(handover, takeover, c))
					: gateway.call(corpId, "externalcontact/transfer_result",
							s -> s.getExternalContactService().transferResult(handover, takeover, c));
			if (page.getCustomer() != null) {
				page.getCustomer().forEach(r -> out.add(new Result(r.getExternalUserid(), status(r.getStatus()),
						r.getTakeOverTime() == null || r.getTakeOverTime() == 0 ? null
								: Instant.ofEpochSecond(r.getTakeOverTime()))));
			}
			cursor = page.getNextCursor() == null || page.getNextCursor().isBlank() ? null : page.getNextCursor();
		}
		while (cursor != null && cursors.add(cursor));
		return out;
	}

	/**
	 * Gives up to 100 groups to a new owner; returns the groups WeCom refused (with its errcode). The groups that moved
	 * are read back and published like a re-read after a callback (WeCom sends none for an API transfer).
	 */
	public List<GroupFailure> transferGroups(long corpId, boolean resigned, List<String> chatIds, String newOwner) {
		String[] ids = chatIds.toArray(String[]::new);
		WxCpUserExternalGroupChatTransferResp resp = resigned
				? gateway.call(corpId, "externalcontact/groupchat/transfer",
						s -> s.getExternalContactService().transferGroupChat(ids, newOwner))
				: gateway.call(corpId, "externalcontact/groupchat/onjob_transfer",
						s -> s.getExternalContactService().onjobTransferGroupChat(ids, newOwner));
		List<GroupFailure> failed = new ArrayList<>();
		if (resp.getFailedChatList() != null) {
			resp.getFailedChatList().forEach(f -> failed.add(new GroupFailure(f.getChatId(),
					f.getErrcode() == null ? -1 : f.getErrcode().intValue(), f.getErrmsg())));
		}
		Set<String> refused = new HashSet<>();
		failed.forEach(f -> refused.add(f.chatId()));
		List<GroupInfo> moved = new ArrayList<>();
		Instant readAt = clock.instant();
		for (String chatId : chatIds) {
			if (!refused.contains(chatId)) {
				WxCpUserExternalGroupChatInfo info = gateway.call(corpId, "externalcontact/groupchat/get",
						s -> s.getExternalContactService().getGroupChat(chatId, 1));
				moved.add(GroupPages.info(info.getGroupChat(), null));
			}
		}
		if (!moved.isEmpty()) {
			tx.executeWithoutResult(status -> Actors.runAs(Actor.system(corpId),
					() -> groupPages.publish(moved, null, readAt)));
		}
		return failed;
	}

	private static Status status(WxCpUserTransferResultResp.STATUS status) {
		if (status == null) {
			return Status.NO_RECORD;
		}
		return switch (status) {
			case COMPLETE -> Status.DONE;
			case WAITING -> Status.WAITING;
			case REFUSED -> Status.REFUSED;
			case LIMIT -> Status.TAKEOVER_FULL;
			case NORECORD -> Status.NO_RECORD;
		};
	}

	/** WeCom's per-customer transfer state (transfer_result status 1–5). */
	public enum Status {
		DONE, WAITING, REFUSED, TAKEOVER_FULL, NO_RECORD
	}

	public record Started(String externalUserId, int errcode) {
	}

	public record Result(String externalUserId, Status status, Instant takeoverAt) {
	}

	public record GroupFailure(String chatId, int errcode, String errmsg) {
	}
}
