package io.siyu.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Customer groups (客户群) and their 「加入群聊」 join ways. Guarded by the corp lock. */
final class Groups {

  static final class Member {
    final String userid;
    final int type;
    final long joinTime;
    final int joinScene;
    final String invitor;
    final String state;

    Member(String userid, int type, long joinTime, int joinScene, String invitor, String state) {
      this.userid = userid;
      this.type = type;
      this.joinTime = joinTime;
      this.joinScene = joinScene;
      this.invitor = invitor;
      this.state = state;
    }
  }

  static final class GroupChat {
    final String chatId;
    String name;
    String owner;
    final long createTime;
    String notice = "";
    int status;
    final Map<String, Member> members = new LinkedHashMap<>();
    final List<String> admins = new ArrayList<>();
    String memberVersion;
    Map<String, Member> staleMembers;
    String staleVersion;
    java.time.Instant staleUntil = java.time.Instant.MIN;

    GroupChat(String chatId, String name, String owner, long createTime) {
      this.chatId = chatId;
      this.name = name;
      this.owner = owner;
      this.createTime = createTime;
    }
  }

  static final class JoinWay {
    final String configId;
    int scene;
    String remark = "";
    int autoCreateRoom = 1;
    String roomBaseName = "";
    int roomBaseId;
    List<String> chatIds = new ArrayList<>();
    String state = "";
    String qrCode = "";

    JoinWay(String configId) {
      this.configId = configId;
    }
  }

  private final Map<String, GroupChat> chats = new LinkedHashMap<>();
  private final Map<String, JoinWay> joinWays = new LinkedHashMap<>();
  private final Ids ids;

  Groups(Ids ids) {
    this.ids = ids;
  }

  GroupChat create(String name, String owner, long now) {
    GroupChat chat = new GroupChat(ids.next("wr", 30), name, owner, now);
    chat.members.put(owner, new Member(owner, 1, now, 1, owner, ""));
    chat.memberVersion = ids.hex(32);
    chats.put(chat.chatId, chat);
    return chat;
  }

  GroupChat get(String chatId) {
    GroupChat chat = chatId == null ? null : chats.get(chatId);
    if (chat == null) {
      throw new ApiError(40050, "chat_id " + chatId);
    }
    return chat;
  }

  GroupChat find(String chatId) {
    return chatId == null ? null : chats.get(chatId);
  }

  void remove(String chatId) {
    chats.remove(chatId);
  }

  Collection<GroupChat> all() {
    return chats.values();
  }

  /** A new member_version after every membership change, as LastMemVer/CurMemVer compare it. */
  String bumpVersion(GroupChat chat) {
    chat.memberVersion = ids.hex(32);
    return chat.memberVersion;
  }

  /** Keeps what groupchat/get shows during the read lag: the state before the first change in the window. */
  void beforeChange(GroupChat chat, java.time.Instant now, java.time.Duration lag) {
    if (lag.isZero()) {
      return;
    }
    if (!now.isBefore(chat.staleUntil)) {
      chat.staleMembers = new LinkedHashMap<>(chat.members);
      chat.staleVersion = chat.memberVersion;
    }
    chat.staleUntil = now.plus(lag);
  }

  void addJoinWay(JoinWay way) {
    joinWays.put(way.configId, way);
  }

  JoinWay joinWay(String configId) {
    JoinWay w = configId == null ? null : joinWays.get(configId);
    if (w == null) {
      throw new ApiError(84062, "config_id " + configId);
    }
    return w;
  }

  void deleteJoinWay(String configId) {
    joinWay(configId);
    joinWays.remove(configId);
  }

  JoinWay joinWayByState(String state) {
    return joinWays.values().stream().filter(w -> w.state.equals(state)).findFirst().orElse(null);
  }

  boolean hasJoinWay(String configId) {
    return configId != null && joinWays.containsKey(configId);
  }

  int joinWayCount() {
    return joinWays.size();
  }

  String newJoinWayId() {
    return ids.hex(32);
  }
}
