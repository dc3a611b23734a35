package io.siyu.sandbox;

import io.siyu.sandbox.CorpTags.NewTag;
import io.siyu.sandbox.CorpTags.TagGroup;
import io.siyu.sandbox.Customers.Follow;
import io.siyu.sandbox.Directory.Staff;
import io.siyu.sandbox.Groups.GroupChat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds a pre-existing world in memory, deterministically from the seed: HQ → regions (10 stores
 * each) → stores, members per store, customers with follow relations, groups and tags. No callbacks:
 * this is the state before the test starts.
 */
final class WorldSeeder {

  private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
  private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华";
  private static final int[] ADD_WAYS = {1, 1, 1, 1, 2, 3, 4, 5, 6, 202};

  private final Corp corp;
  private final Random random;
  private final long now;

  WorldSeeder(Corp corp, long seed) {
    this.corp = corp;
    this.random = new Random(seed);
    this.now = corp.clock.epochSecond();
  }

  void seed(WorldSpec spec) {
    seed(spec, null);
  }

  /** With a chart, the directory is the chart's; customers, groups and tags are generated over its staff. */
  void seed(WorldSpec spec, OrgChart chart) {
    List<String> staff = chart == null ? seedDirectory(spec) : seedDirectory(chart);
    List<String> tagIds = seedTags(spec.tags());
    List<String> customers = seedCustomers(spec.customers(), staff, tagIds);
    seedGroups(spec.groups(), staff, customers);
  }

  private List<String> seedDirectory(WorldSpec spec) {
    Directory dir = corp.directory;
    int regions = (spec.departments() + 9) / 10;
    long nextId = 2;
    long[] regionIds = new long[regions];
    for (int r = 0; r < regions; r++) {
      regionIds[r] = nextId;
      dir.addDepartment(nextId++, "区域" + (r + 1), 1);
    }
    List<String> staff = new ArrayList<>();
    for (int s = 0; s < spec.departments(); s++) {
      long storeId = nextId++;
      dir.addDepartment(storeId, "门店" + (s + 1), regionIds[s / 10]);
      for (int m = 0; m < spec.staffPerDepartment(); m++) {
        String userid = String.format("store%03d_%02d", s + 1, m + 1);
        Staff st = dir.addStaff(userid, name(), storeId);
        st.position = m == 0 ? "店长" : "导购";
        st.gender = 1 + random.nextInt(2);
        staff.add(userid);
      }
    }
    return staff;
  }

  private List<String> seedDirectory(OrgChart chart) {
    Directory dir = corp.directory;
    for (OrgChart.Department d : chart.departments()) {
      if (d.id() != 1) {
        dir.addDepartment(d.id(), d.name(), d.parentId());
      }
    }
    List<String> staff = new ArrayList<>();
    for (OrgChart.Member m : chart.staff()) {
      Staff st = dir.addStaff(m.userid(), m.name(), m.departmentId());
      st.position = m.position();
      st.gender = 1 + random.nextInt(2);
      staff.add(m.userid());
    }
    return staff;
  }

  private List<String> seedTags(int count) {
    List<String> ids = new ArrayList<>();
    String[] groupNames = {"客户等级", "兴趣偏好", "购买意向", "来源渠道", "生命周期", "会员状态"};
    for (int g = 0; ids.size() < count; g++) {
      List<NewTag> tags = new ArrayList<>();
      for (int t = 0; t < 5 && ids.size() + tags.size() < count; t++) {
        tags.add(new NewTag((g < groupNames.length ? groupNames[g] : "标签组" + (g + 1)) + "-" + (t + 1), 5 - t));
      }
      String groupName = g < groupNames.length ? groupNames[g] : "标签组" + (g + 1);
      TagGroup group = corp.tags.add(null, groupName, 100 - g, tags, Integer.MAX_VALUE, now - 86_400 * 30L);
      ids.addAll(group.tags.keySet());
    }
    return ids;
  }

  private List<String> seedCustomers(int count, List<String> staff, List<String> tagIds) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = corp.ids.next("wm", 30);
      Customers.Customer c = corp.customers.add(id, name());
      c.gender = random.nextInt(3);
      if (random.nextInt(10) < 7) {
        c.unionid = corp.ids.next("o", 27);
      }
      ids.add(id);
      int relations = random.nextInt(10) == 0 ? 2 : 1;
      for (int r = 0; r < relations; r++) {
        String userid = staff.get(random.nextInt(staff.size()));
        long createtime = now - random.nextInt(365 * 86_400);
        Follow f = corp.customers.follow(userid, id, createtime, ADD_WAYS[random.nextInt(ADD_WAYS.length)],
            random.nextInt(4) == 0 ? "seed" : "");
        for (int t = random.nextInt(3); t > 0 && !tagIds.isEmpty(); t--) {
          f.tagIds.add(tagIds.get(random.nextInt(tagIds.size())));
        }
      }
    }
    return ids;
  }

  private void seedGroups(int count, List<String> staff, List<String> customers) {
    for (int g = 0; g < count; g++) {
      String owner = staff.get(random.nextInt(staff.size()));
      GroupChat chat = corp.groups.create("福利群" + (g + 1), owner, now - random.nextInt(180 * 86_400));
      String helper = staff.get(random.nextInt(staff.size()));
      if (!helper.equals(owner)) {
        chat.members.put(helper, new Groups.Member(helper, 1, chat.createTime, 1, owner, ""));
        chat.admins.add(helper);
      }
      int size = customers.isEmpty() ? 0 : 5 + random.nextInt(46);
      for (int m = 0; m < size; m++) {
        String customer = customers.get(random.nextInt(customers.size()));
        chat.members.putIfAbsent(customer, new Groups.Member(customer, 2, chat.createTime + m * 60L,
            1 + random.nextInt(3), owner, ""));
      }
      corp.groups.bumpVersion(chat);
    }
  }

  private String name() {
    return "" + SURNAMES.charAt(random.nextInt(SURNAMES.length())) + GIVEN.charAt(random.nextInt(GIVEN.length()))
        + (random.nextBoolean() ? GIVEN.charAt(random.nextInt(GIVEN.length())) : "");
  }
}
