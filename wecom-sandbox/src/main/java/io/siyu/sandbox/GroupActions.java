package io.siyu.sandbox;

import io.siyu.sandbox.Groups.GroupChat;
import io.siyu.sandbox.Groups.Member;
import java.util.List;

/** Group changes made in the client; each emits change_external_chat with member versions. */
public final class GroupActions {

  /** groupchat/get join_scene: 1 invited directly, 2 via invite link, 3 scanned the group QR. */
  public static final int DIRECT_INVITE = 1;
  public static final int INVITE_LINK = 2;
  public static final int QR_CODE = 3;

  private final Corp corp;

  GroupActions(Corp corp) {
    this.corp = corp;
  }

  /** The owner creates a customer group with these customers; returns the chat_id. */
  public String create(String owner, String name, List<String> externalUserIds) {
    synchronized (corp) {
      corp.directory.requireStaff(owner);
      long now = corp.clock.epochSecond();
      GroupChat chat = corp.groups.create(name, owner, now);
      for (String id : externalUserIds) {
        chat.members.put(id, new Member(id, 2, now, DIRECT_INVITE, owner, ""));
      }
      corp.groups.bumpVersion(chat);
      corp.emit(CallbackEvent.chat("create", chat.chatId));
      return chat.chatId;
    }
  }

  /** A customer joins; the event's JoinScene is 3 for the QR code and 0 for any invitation. */
  public void customerJoins(String chatId, String externalUserId, int joinScene, String state) {
    synchronized (corp) {
      GroupChat chat = corp.groups.get(chatId);
      corp.customers.add(externalUserId, "微信用户" + externalUserId.substring(Math.max(0, externalUserId.length() - 4)));
      if (chat.members.containsKey(externalUserId)) {
        return;
      }
      corp.groups.beforeChange(chat, corp.clock.now(), corp.rules.readLag());
      String last = chat.memberVersion;
      chat.members.put(externalUserId, new Member(externalUserId, 2, corp.clock.epochSecond(), joinScene, chat.owner,
          state));
      memberEvent(chat, "add_member", last, externalUserId, "JoinScene", joinScene == QR_CODE ? 3 : 0);
    }
  }

  /** A customer leaves (removed=false, QuitScene 0) or is removed by the owner (QuitScene 1). */
  public void customerLeaves(String chatId, String externalUserId, boolean removed) {
    synchronized (corp) {
      GroupChat chat = corp.groups.get(chatId);
      if (!chat.members.containsKey(externalUserId)) {
        return;
      }
      corp.groups.beforeChange(chat, corp.clock.now(), corp.rules.readLag());
      chat.members.remove(externalUserId);
      String last = chat.memberVersion;
      memberEvent(chat, "del_member", last, externalUserId, "QuitScene", removed ? 1 : 0);
    }
  }

  /**
   * The customer scans a 「加入群聊」 code (config_id or state): joins the first of the way's groups with
   * room (groupCapacity), else — with auto_create_room — a new group "room_base_name + N" is created
   * and added to the way. Returns the chat_id joined.
   */
  public String customerScansJoinWay(String configIdOrState, String externalUserId) {
    synchronized (corp) {
      Groups.JoinWay way = corp.groups.hasJoinWay(configIdOrState) ? corp.groups.joinWay(configIdOrState)
          : corp.groups.joinWayByState(configIdOrState);
      if (way == null) {
        throw new ApiError(84062, "join way " + configIdOrState);
      }
      String target = null;
      for (String chatId : way.chatIds) {
        GroupChat chat = corp.groups.find(chatId);
        if (chat != null && chat.members.size() < corp.rules.groupCapacity()) {
          target = chatId;
          break;
        }
      }
      if (target == null) {
        if (way.autoCreateRoom != 1 || way.chatIds.isEmpty()) {
          throw new IllegalStateException("all groups of join way " + way.configId + " are full");
        }
        GroupChat template = corp.groups.get(way.chatIds.get(0));
        way.roomBaseId++;
        target = create(template.owner, way.roomBaseName + way.roomBaseId, List.of());
        way.chatIds = new java.util.ArrayList<>(way.chatIds);
        way.chatIds.add(target);
      }
      customerJoins(target, externalUserId, QR_CODE, way.state);
      return target;
    }
  }

  public void rename(String chatId, String name) {
    synchronized (corp) {
      GroupChat chat = corp.groups.get(chatId);
      chat.name = name;
      corp.emit(CallbackEvent.chat("update", chatId).with("UpdateDetail", "change_name"));
    }
  }

  public void changeNotice(String chatId, String notice) {
    synchronized (corp) {
      GroupChat chat = corp.groups.get(chatId);
      chat.notice = notice;
      corp.emit(CallbackEvent.chat("update", chatId).with("UpdateDetail", "change_notice"));
    }
  }

  public void changeOwner(String chatId, String newOwner) {
    synchronized (corp) {
      GroupChat chat = corp.groups.get(chatId);
      corp.directory.requireStaff(newOwner);
      chat.owner = newOwner;
      chat.members.putIfAbsent(newOwner, new Member(newOwner, 1, corp.clock.epochSecond(), DIRECT_INVITE, newOwner, ""));
      corp.emit(CallbackEvent.chat("update", chatId).with("UpdateDetail", "change_owner"));
    }
  }

  /** The owner dismisses the group; it disappears from groupchat/list and groupchat/get. */
  public void dismiss(String chatId) {
    synchronized (corp) {
      corp.groups.get(chatId);
      corp.groups.remove(chatId);
      corp.emit(CallbackEvent.chat("dismiss", chatId));
    }
  }

  /** Field order follows the documented example: UpdateDetail, scene, count, list, versions. */
  private void memberEvent(GroupChat chat, String detail, String lastVersion, String member, String scene,
      int sceneValue) {
    String current = corp.groups.bumpVersion(chat);
    corp.emit(CallbackEvent.chat("update", chat.chatId).with("UpdateDetail", detail).with(scene, sceneValue)
        .with("MemChangeCnt", 1).with("MemChangeList", List.of(member))
        .with("LastMemVer", lastVersion).with("CurMemVer", current));
  }
}
