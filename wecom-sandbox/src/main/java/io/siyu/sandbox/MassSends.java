package io.siyu.sandbox;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 企业群发 tasks (doc 92135/93338): add_msg_template only creates tasks; each sender confirms in the
 * client, and only then do recipients get it, within the per-customer monthly cap. Corp lock.
 */
final class MassSends {

  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  static final class Recipient {
    final String externalUserId;
    final String chatId;
    final String userid;
    int status;
    long sendTime;

    Recipient(String externalUserId, String chatId, String userid) {
      this.externalUserId = externalUserId;
      this.chatId = chatId;
      this.userid = userid;
    }
  }

  static final class Task {
    final String userid;
    int status;
    long sendTime;

    Task(String userid) {
      this.userid = userid;
    }
  }

  static final class Message {
    final String msgid;
    final String chatType;
    final String creator;
    final int createType;
    final long createTime;
    final Object text;
    final Object attachments;
    final Map<String, Task> tasks = new LinkedHashMap<>();
    final List<Recipient> recipients = new ArrayList<>();
    final List<Long> reminders = new ArrayList<>();
    boolean cancelled;

    Message(String msgid, String chatType, String creator, int createType, long createTime, Object text,
        Object attachments) {
      this.msgid = msgid;
      this.chatType = chatType;
      this.creator = creator;
      this.createType = createType;
      this.createTime = createTime;
      this.text = text;
      this.attachments = attachments;
    }
  }

  private final Map<String, Message> messages = new LinkedHashMap<>();
  private final Map<String, List<Long>> received = new HashMap<>();

  void add(Message m) {
    messages.put(m.msgid, m);
  }

  Message get(String msgid) {
    Message m = msgid == null ? null : messages.get(msgid);
    if (m == null) {
      throw new ApiError(40058, "invalid msgid " + msgid);
    }
    return m;
  }

  List<Message> all() {
    return new ArrayList<>(messages.values());
  }

  /**
   * The sender confirms in the client: recipients no longer friends get status 2, those over the
   * monthly cap status 3, the rest status 1.
   */
  void confirm(Message m, String userid, Customers customers, Groups groups, int capSetting, Instant now) {
    Task task = m.tasks.get(userid);
    if (task == null) {
      throw new IllegalArgumentException(userid + " has no task in " + m.msgid);
    }
    if (m.cancelled) {
      throw new IllegalStateException("mass send " + m.msgid + " was cancelled");
    }
    if (task.status == 2) {
      return;
    }
    task.status = 2;
    task.sendTime = now.getEpochSecond();
    YearMonth month = YearMonth.from(now.atZone(CHINA));
    int cap = capSetting > 0 ? capSetting : month.lengthOfMonth();
    for (Recipient r : m.recipients) {
      if (!r.userid.equals(userid)) {
        continue;
      }
      String key = r.chatId != null ? r.chatId : r.externalUserId;
      boolean reachable = r.chatId != null ? groups.find(r.chatId) != null
          : customers.relation(userid, r.externalUserId) != null;
      List<Long> got = received.computeIfAbsent(key, k -> new ArrayList<>());
      long thisMonth = got.stream().filter(t -> YearMonth.from(Instant.ofEpochSecond(t).atZone(CHINA)).equals(month)).count();
      if (!reachable) {
        r.status = 2;
      } else if (thisMonth >= cap) {
        r.status = 3;
      } else {
        r.status = 1;
        r.sendTime = now.getEpochSecond();
        got.add(now.getEpochSecond());
      }
    }
  }
}
