package io.siyu.sidebar;

import java.util.List;

import io.siyu.organization.Corps;
import io.siyu.sandbox.SandboxCorp;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WorldSpec;
import io.siyu.wecom.SandboxConnection;
import io.siyu.wecom.sync.SyncResult;
import io.siyu.wecom.sync.WeComSync;

/**
 * A Siyu corp connected to a seeded sandbox corp and fully synced: staff, tags, customers with relations, groups.
 * {@code guide} has customers; {@code colleague} has a customer {@code guide} does not have.
 */
record SidebarWorld(long corpId, SandboxCorp wecom, String guide, String customer, String colleague,
		String colleaguesCustomer) {

	/** A group the guide owns with their customer in it, and one of the colleague's with the same customer. */
	static final String GUIDES_GROUP = "侧边栏测试群";

	static final String COLLEAGUES_GROUP = "同事的群";

	static SidebarWorld create(Corps corps, WeComSandbox sandbox, WeComSync sync) {
		SandboxConnection connection = SandboxConnection.create(corps, sandbox);
		SandboxCorp wecom = connection.wecom();
		wecom.seed(new WorldSpec(2, 3, 60, 4, 10));
		List<String> staff = wecom.staffIds().stream().filter(u -> !wecom.customersOf(u).isEmpty()).toList();
		String guide = staff.get(0);
		String colleague = null;
		String theirs = null;
		for (String other : staff.subList(1, staff.size())) {
			theirs = wecom.customersOf(other).stream().filter(ext -> !wecom.isFriend(guide, ext)).findFirst().orElse(null);
			if (theirs != null) {
				colleague = other;
				break;
			}
		}
		if (colleague == null) {
			throw new IllegalStateException("The seeded world has no second member with a customer of their own");
		}
		wecom.browserUser(guide);
		String customer = wecom.customersOf(guide).get(0);
		wecom.actions().groups().create(guide, GUIDES_GROUP, List.of(customer));
		wecom.actions().groups().create(colleague, COLLEAGUES_GROUP, List.of(customer));
		SyncResult result = sync.run(connection.corpId());
		if (result.outcome() != SyncResult.Outcome.DONE) {
			throw new IllegalStateException("sync did not finish: " + result);
		}
		return new SidebarWorld(connection.corpId(), wecom, guide, customer, colleague, theirs);
	}

	String corp() {
		return wecom.corpId();
	}

	String page(String externalUserId) {
		return "/h5/" + corp() + "/sidebar?external_userid=" + externalUserId;
	}
}
