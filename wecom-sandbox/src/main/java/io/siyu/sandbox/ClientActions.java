package io.siyu.sandbox;

import io.siyu.sandbox.ContactWays.ContactWay;
import io.siyu.sandbox.Customers.Follow;
import io.siyu.sandbox.Directory.Staff;
import java.util.ArrayList;
import java.util.List;

/**
 * What people do in the WeCom and WeChat clients. Unlike API calls, these emit callbacks, exactly as
 * WeCom only reports client-side changes. Group and tag actions live in {@link GroupActions} and
 * {@link TagActions}.
 */
public final class ClientActions {

  /** The outcome of an add; welcomeCode is null when no event was sent (already friends). */
  public record Added(String userid, String externalUserId, String state, String welcomeCode, String changeType) {
  }

  private final Corp corp;
  private final GroupActions groups;
  private final TagActions tags;

  ClientActions(Corp corp) {
    this.corp = corp;
    this.groups = new GroupActions(corp);
    this.tags = new TagActions(corp);
  }

  public GroupActions groups() {
    return groups;
  }

  public TagActions tags() {
    return tags;
  }

  /** A new WeChat user scans the contact way (by config_id or by its state). */
  public Added customerScans(String configIdOrState) {
    return customerScans(configIdOrState, corp.ids.next("wm", 30));
  }

  /**
   * The customer scans a 「联系我」 code: one of the way's members (users, or members of its parties) is
   * picked; skip_verify decides whether the relation is complete at once (see SandboxRules).
   */
  public Added customerScans(String configIdOrState, String externalUserId) {
    synchronized (corp) {
      ContactWay way = way(configIdOrState);
      if (way.temp && (way.used || corp.clock.epochSecond() > way.createTime + way.expiresIn)) {
        // a temporary-chat QR code dies after one add or when it expires
        throw new IllegalStateException("temporary contact way " + way.configId + " is used up or expired");
      }
      way.used = true;
      String userid = pickMember(way);
      corp.customers.add(externalUserId, "微信用户" + externalUserId.substring(Math.max(0, externalUserId.length() - 4)));
      if (corp.customers.relation(userid, externalUserId) != null) {
        return new Added(userid, externalUserId, way.state, null, null);
      }
      corp.customers.follow(userid, externalUserId, corp.clock.epochSecond(), 1, way.state);
      String changeType = way.skipVerify && corp.rules.halfEventOnSkipVerify()
          ? "add_half_external_contact" : "add_external_contact";
      return emitAdd(userid, externalUserId, way.state, changeType);
    }
  }

  /**
   * A WeChat user opens an acquisition link (获客链接) carrying ?customer_channel=...; the channel comes
   * back as State, like a contact way's state. Consumes one unit of the link quota.
   */
  public Added customerOpensLink(String linkId, String customerChannel, String externalUserId) {
    synchronized (corp) {
      AcquisitionLinks.Link link = corp.acquisitionLinks.get(linkId);
      List<String> members = members(link.users, link.departments);
      String userid = members.get(corp.ids.nextInt(members.size()));
      String state = customerChannel == null ? "" : customerChannel;
      corp.customers.add(externalUserId, "微信用户" + externalUserId.substring(Math.max(0, externalUserId.length() - 4)));
      if (corp.customers.relation(userid, externalUserId) != null) {
        return new Added(userid, externalUserId, state, null, null);
      }
      corp.acquisitionLinks.consume();
      corp.customers.follow(userid, externalUserId, corp.clock.epochSecond(), 0, state);
      link.customers.add(Json.obj("external_userid", externalUserId, "userid", userid, "chat_status", 0, "state", state));
      String changeType = link.skipVerify && corp.rules.halfEventOnSkipVerify()
          ? "add_half_external_contact" : "add_external_contact";
      return emitAdd(userid, externalUserId, state, changeType);
    }
  }

  /** A member adds a customer without a contact way (search by mobile): add_way 2, no state. */
  public Added staffAddsCustomer(String userid, String externalUserId) {
    synchronized (corp) {
      corp.directory.requireStaff(userid);
      corp.customers.add(externalUserId, "微信用户" + externalUserId.substring(Math.max(0, externalUserId.length() - 4)));
      if (corp.customers.relation(userid, externalUserId) != null) {
        return new Added(userid, externalUserId, "", null, null);
      }
      corp.customers.follow(userid, externalUserId, corp.clock.epochSecond(), 2, "");
      return emitAdd(userid, externalUserId, "", "add_external_contact");
    }
  }

  /** The member confirms a half-added customer: add_external_contact without a welcome code. */
  public void staffConfirms(String userid, String externalUserId) {
    synchronized (corp) {
      corp.customers.requireRelation(userid, externalUserId);
      corp.emit(CallbackEvent.contact("add_external_contact", userid, externalUserId));
    }
  }

  /** The customer deletes the member (del_follow_user). The relation is gone from the API afterwards. */
  public void customerDeletesStaff(String externalUserId, String userid) {
    synchronized (corp) {
      if (corp.customers.remove(userid, externalUserId)) {
        corp.emit(CallbackEvent.contact("del_follow_user", userid, externalUserId));
      }
    }
  }

  /** The customer writes to the member first: a pending welcome code now answers 41051. No callback. */
  public void customerStartsChat(String externalUserId, String userid) {
    synchronized (corp) {
      corp.customers.requireRelation(userid, externalUserId);
      corp.welcomeCodes.revokeFor(userid, externalUserId);
    }
  }

  /** The member deletes the customer (del_external_contact). */
  public void staffDeletesCustomer(String userid, String externalUserId) {
    synchronized (corp) {
      if (corp.customers.remove(userid, externalUserId)) {
        corp.emit(CallbackEvent.contact("del_external_contact", userid, externalUserId));
      }
    }
  }

  /** The member edits remark/description in the client (edit_external_contact). */
  public void staffEditsRemark(String userid, String externalUserId, String remark, String description) {
    synchronized (corp) {
      Follow f = corp.customers.requireRelation(userid, externalUserId);
      f.remark = remark == null ? f.remark : remark;
      f.description = description == null ? f.description : description;
      corp.emit(CallbackEvent.contact("edit_external_contact", userid, externalUserId));
    }
  }

  /** The member marks corp tags on the customer in the client (edit_external_contact). */
  public void staffTagsCustomer(String userid, String externalUserId, List<String> addTagIds) {
    synchronized (corp) {
      Follow f = corp.customers.requireRelation(userid, externalUserId);
      f.tagIds.addAll(addTagIds);
      corp.emit(CallbackEvent.contact("edit_external_contact", userid, externalUserId));
    }
  }

  /**
   * The member taps "send" on a mass-send task (企业群发). Recipients who are no longer friends get
   * status 2, those over the monthly cap status 3. No callback, as in WeCom.
   */
  public void staffConfirmsMassSend(String msgid, String userid) {
    synchronized (corp) {
      corp.massSends.confirm(corp.massSends.get(msgid), userid, corp.customers, corp.groups,
          corp.rules.massSendsPerCustomerPerMonth(), corp.clock.now());
    }
  }

  /** A member leaves the company: status 5; their customers become unassigned, their groups status 1. */
  public void staffResigns(String userid) {
    synchronized (corp) {
      Staff s = corp.directory.requireStaff(userid);
      s.status = 5;
      s.dimissionTime = corp.clock.epochSecond();
      corp.groups.all().stream().filter(g -> g.owner.equals(userid)).forEach(g -> g.status = 1);
    }
  }

  /** The customer refuses a pending on-job transfer: transfer_result status 3 and transfer_fail. */
  public void customerRefusesTransfer(String externalUserId) {
    synchronized (corp) {
      corp.transfers.refuse(corp, externalUserId);
    }
  }

  /** Lets due transfers complete now (API calls do this too). */
  public void settle() {
    synchronized (corp) {
      corp.settle();
    }
  }

  private Added emitAdd(String userid, String externalUserId, String state, String changeType) {
    WelcomeCodes.Issued code = corp.welcomeCodes.issue(userid, externalUserId, corp.clock.now());
    corp.emit(CallbackEvent.contact(changeType, userid, externalUserId)
        .with("State", state.isEmpty() ? null : state)
        .with("WelcomeCode", code.code()));
    return new Added(userid, externalUserId, state, code.code(), changeType);
  }

  /** A config_id first (a map lookup), else the first way with that state. */
  ContactWay way(String configIdOrState) {
    ContactWay byState = corp.contactWays.has(configIdOrState) ? null : corp.contactWays.byState(configIdOrState);
    return byState != null ? byState : corp.contactWays.get(configIdOrState);
  }

  private String pickMember(ContactWay way) {
    List<String> members = members(way.users, way.parties);
    return members.get(corp.ids.nextInt(members.size()));
  }

  /** Users plus the members of the departments (and their sub-departments), without repeats. */
  private List<String> members(List<String> users, List<Long> parties) {
    List<String> members = new ArrayList<>(users);
    for (long party : parties) {
      for (Staff s : corp.directory.staffIn(party, true)) {
        if (!members.contains(s.userid)) {
          members.add(s.userid);
        }
      }
    }
    if (members.isEmpty()) {
      throw new IllegalStateException("no members in range");
    }
    return members;
  }
}
