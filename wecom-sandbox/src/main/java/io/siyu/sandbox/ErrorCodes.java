package io.siyu.sandbox;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** errmsg texts in WeCom's words; clients must branch on errcode only (doc 90455). */
final class ErrorCodes {

  private static final AtomicLong HINTS = new AtomicLong(100);

  private static final Map<Integer, String> MESSAGES = Map.ofEntries(
      Map.entry(-1, "system busy"),
      Map.entry(40001, "invalid credential"),
      Map.entry(40003, "invalid userid"),
      Map.entry(40004, "invalid media type"),
      Map.entry(40007, "invalid media_id"),
      Map.entry(40013, "invalid corpid"),
      Map.entry(40014, "invalid access_token"),
      Map.entry(40029, "invalid code"),
      Map.entry(40031, "invalid userid list"),
      Map.entry(40056, "invalid agentid"),
      Map.entry(40050, "invalid chatid"),
      Map.entry(40058, "invalid Request Parameter"),
      Map.entry(45002, "content size out of limit"),
      Map.entry(40068, "invalid tagid"),
      Map.entry(40071, "UserTag Name Already Exist"),
      Map.entry(40072, "invalid tag name length"),
      Map.entry(40096, "invalid external userid"),
      Map.entry(41001, "access_token missing"),
      Map.entry(41002, "corpid missing"),
      Map.entry(41004, "corpsecret missing"),
      Map.entry(41051, "externaluser has started chatting"),
      Map.entry(42001, "access_token expired"),
      Map.entry(44004, "empty content"),
      Map.entry(45009, "api freq out of limit"),
      Map.entry(45033, "api concurrent out of limit"),
      Map.entry(45035, "exceed limit"),
      Map.entry(47001, "Warning: wrong json format."),
      Map.entry(60011, "no privilege to access/modify contact/party/agent"),
      Map.entry(60111, "userid not found"),
      Map.entry(60123, "invalid party id"),
      Map.entry(81013, "user & party & tag all invalid"),
      Map.entry(81017, "user list too large, owner_filter required"),
      Map.entry(84025, "invalid state"),
      Map.entry(84061, "not external contact"),
      Map.entry(84062, "invalid config_id"),
      Map.entry(90500, "group owner not resigned"),
      Map.entry(301002, "api not found"));

  private ErrorCodes() {
  }

  static String message(int code) {
    return MESSAGES.getOrDefault(code, "error " + code);
  }

  /** WeCom appends a hint, the caller's ip and a link to its error-code lookup. */
  static String decorate(String message, int code, long epochSecond, String ip) {
    long seq = HINTS.incrementAndGet();
    String hint = epochSecond + "_" + seq + "_" + Long.toHexString(Double.doubleToLongBits(seq * 31.7)).substring(0, 12);
    return message + ", hint: [" + hint + "], from ip: " + ip
        + ", more info at https://open.work.weixin.qq.com/devtool/query?e=" + code;
  }
}
