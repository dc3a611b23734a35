package io.siyu.sandbox;

import io.siyu.sandbox.Customers.Follow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Customer inheritance (docs 92125, 94088, 94081): a transfer waits 24 h on the sandbox clock, then
 * completes unless the customer refused. Each customer allows 2 on-job transfers per 90 days.
 * Settled lazily (on every API call and client action), since the clock has no timer. Corp lock.
 */
final class Transfers {

  static final Duration TAKEOVER_DELAY = Duration.ofHours(24);
  static final long NINETY_DAYS = 90L * 86_400;

  static final class Transfer {
    final String handover;
    final String takeover;
    final String externalUserId;
    final long startedAt;
    final boolean resigned;
    int status = 2;
    long takeoverTime;

    Transfer(String handover, String takeover, String externalUserId, long startedAt, boolean resigned) {
      this.handover = handover;
      this.takeover = takeover;
      this.externalUserId = externalUserId;
      this.startedAt = startedAt;
      this.resigned = resigned;
    }
  }

  private final List<Transfer> transfers = new ArrayList<>();
  private final Map<String, List<Long>> groupTransfers = new HashMap<>();

  /** errcode for one customer: 0 started, 84061 no relation, 45035 over the 90-day limit or pending. */
  int start(Corp corp, String handover, String takeover, String externalUserId, boolean resigned, long now) {
    if (corp.customers.relation(handover, externalUserId) == null) {
      return 84061;
    }
    boolean pending = transfers.stream().anyMatch(t -> t.externalUserId.equals(externalUserId) && t.status == 2);
    long recent = transfers.stream().filter(t -> !t.resigned && t.externalUserId.equals(externalUserId)
        && t.startedAt > now - NINETY_DAYS && t.status != 3).count();
    if (pending || (!resigned && recent >= 2)) {
      return 45035;
    }
    transfers.add(new Transfer(handover, takeover, externalUserId, now, resigned));
    return 0;
  }

  List<Transfer> between(String handover, String takeover, boolean resigned) {
    return transfers.stream().filter(t -> t.resigned == resigned && t.handover.equals(handover)
        && t.takeover.equals(takeover)).toList();
  }

  boolean isPending(String handover, String externalUserId) {
    return transfers.stream().anyMatch(t -> t.handover.equals(handover) && t.externalUserId.equals(externalUserId)
        && t.status != 3);
  }

  /** Completes transfers whose 24 h have passed; the handover relation ends with DELETE_BY_TRANSFER. */
  void settle(Corp corp, long now) {
    for (Transfer t : transfers) {
      if (t.status == 2 && now >= t.startedAt + TAKEOVER_DELAY.toSeconds()) {
        Follow old = corp.customers.relation(t.handover, t.externalUserId);
        if (old == null) {
          t.status = 3;
          continue;
        }
        t.status = 1;
        t.takeoverTime = t.startedAt + TAKEOVER_DELAY.toSeconds();
        Follow taken = corp.customers.follow(t.takeover, t.externalUserId, t.takeoverTime, 202, old.state);
        taken.tagIds.addAll(old.tagIds);
        taken.remark = old.remark;
        corp.customers.remove(t.handover, t.externalUserId);
        if (!t.resigned) {
          corp.emit(CallbackEvent.contact("del_external_contact", t.handover, t.externalUserId)
              .with("Source", "DELETE_BY_TRANSFER"));
        }
      }
    }
  }

  /** The customer refuses in WeChat: status 3 and a transfer_fail callback. */
  void refuse(Corp corp, String externalUserId) {
    for (Transfer t : transfers) {
      if (t.status == 2 && t.externalUserId.equals(externalUserId)) {
        t.status = 3;
        corp.emit(CallbackEvent.contact("transfer_fail", t.takeover, externalUserId)
            .with("FailReason", "customer_refused"));
      }
    }
  }

  /** Groups: at most 2 on-job transfers per group per 90 days, 300 per owner per day. */
  boolean allowGroupTransfer(String chatId, String owner, long now) {
    List<Long> times = groupTransfers.computeIfAbsent(chatId, k -> new ArrayList<>());
    List<Long> byOwner = groupTransfers.computeIfAbsent("owner:" + owner, k -> new ArrayList<>());
    if (times.stream().filter(t -> t > now - NINETY_DAYS).count() >= 2
        || byOwner.stream().filter(t -> t > now - 86_400).count() >= 300) {
      return false;
    }
    times.add(now);
    byOwner.add(now);
    return true;
  }
}
