package io.siyu.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event as WeCom words it (docs 92130, 92277): the common head, then fields in documented order.
 * Strings go in CDATA, numbers bare, lists as nested Item elements (MemChangeList).
 */
final class CallbackEvent {

  final String event;
  final String changeType;
  private final Map<String, Object> fields = new LinkedHashMap<>();

  private CallbackEvent(String event, String changeType) {
    this.event = event;
    this.changeType = changeType;
  }

  static CallbackEvent contact(String changeType, String userid, String externalUserId) {
    CallbackEvent e = new CallbackEvent("change_external_contact", changeType);
    e.fields.put("ChangeType", changeType);
    e.fields.put("UserID", userid);
    e.fields.put("ExternalUserID", externalUserId);
    return e;
  }

  static CallbackEvent chat(String changeType, String chatId) {
    CallbackEvent e = new CallbackEvent("change_external_chat", changeType);
    e.fields.put("ChatId", chatId);
    e.fields.put("ChangeType", changeType);
    return e;
  }

  /** tagType is "tag" or "tag_group"; null for shuffle, which carries no TagType. */
  static CallbackEvent tag(String changeType, String id, String tagType) {
    CallbackEvent e = new CallbackEvent("change_external_tag", changeType);
    e.fields.put("Id", id);
    if (tagType != null) {
      e.fields.put("TagType", tagType);
    }
    e.fields.put("ChangeType", changeType);
    return e;
  }

  CallbackEvent with(String name, Object value) {
    if (value != null) {
      fields.put(name, value);
    }
    return this;
  }

  Object field(String name) {
    return fields.get(name);
  }

  /** What a receiver de-duplicates on besides CreateTime. */
  String identity() {
    return event + "|" + fields.get("ChangeType") + "|" + fields.get("UserID") + "|" + fields.get("ExternalUserID")
        + "|" + fields.get("ChatId") + "|" + fields.get("Id");
  }

  String toXml(String corpId, long createTime) {
    StringBuilder xml = new StringBuilder(512).append("<xml>");
    cdata(xml, "ToUserName", corpId);
    cdata(xml, "FromUserName", "sys");
    xml.append("<CreateTime>").append(createTime).append("</CreateTime>");
    cdata(xml, "MsgType", "event");
    cdata(xml, "Event", event);
    for (Map.Entry<String, Object> f : fields.entrySet()) {
      Object v = f.getValue();
      if (v instanceof Number) {
        xml.append('<').append(f.getKey()).append('>').append(v).append("</").append(f.getKey()).append('>');
      } else if (v instanceof List<?> items) {
        xml.append('<').append(f.getKey()).append('>');
        for (Object item : items) {
          cdata(xml, "Item", String.valueOf(item));
        }
        xml.append("</").append(f.getKey()).append('>');
      } else {
        cdata(xml, f.getKey(), String.valueOf(v));
      }
    }
    return xml.append("</xml>").toString();
  }

  private static void cdata(StringBuilder xml, String name, String value) {
    xml.append('<').append(name).append("><![CDATA[").append(value).append("]]></").append(name).append('>');
  }
}
