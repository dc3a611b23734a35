package io.siyu;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.siyu.organization.ApiTokens;
import io.siyu.organization.Corps;
import io.siyu.organization.NewUser;
import io.siyu.organization.OrgUnit;
import io.siyu.organization.OrgUnitKind;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.Staff;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.UserAccounts;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;

/**
 * Builds a small corp for a test: HQ → 2 regions → 2 stores each, 3 staff per store, one user and one API
 * token per role. Names are unique per call, so tests sharing a database never see each other's data.
 */
@Component
public class TestCorp {

	public static final String PASSWORD = "test-password-1";

	private final Corps corps;

	private final OrgUnits units;

	private final StaffDirectory staff;

	private final UserAccounts users;

	private final ApiTokens tokens;

	TestCorp(Corps corps, OrgUnits units, StaffDirectory staff, UserAccounts users, ApiTokens tokens) {
		this.corps = corps;
		this.units = units;
		this.staff = staff;
		this.users = users;
		this.tokens = tokens;
	}

	public Fixture create() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		long corpId = Actors.callAs(Actor.platform(0, "test", null), () -> corps.create("Corp " + tag, false).id());
		return Actors.callAs(Actor.system(corpId), () -> build(corpId, tag));
	}

	private Fixture build(long corpId, String tag) {
		OrgUnit hq = units.tree().get(0);
		List<OrgUnit> regions = new ArrayList<>();
		List<OrgUnit> stores = new ArrayList<>();
		List<Staff> members = new ArrayList<>();
		for (int r = 1; r <= 2; r++) {
			OrgUnit region = units.create(hq.id(), "Region " + r, OrgUnitKind.REGION);
			regions.add(region);
			for (int s = 1; s <= 2; s++) {
				OrgUnit store = units.create(region.id(), "Store " + r + "-" + s, OrgUnitKind.STORE);
				stores.add(store);
				for (int g = 1; g <= 3; g++) {
					members.add(staff.create(tag + "-s" + r + s + "g" + g, "Staff " + r + s + g, store.id(), "导购", null));
				}
			}
		}
		Staff hqStaff = staff.create(tag + "-hq", "HQ Operator", hq.id(), "运营", null);
		Staff guide = members.get(0);
		users.create(new NewUser(tag + "-admin", "Admin", PASSWORD, Role.CORP_ADMIN, null, null));
		users.create(new NewUser(tag + "-operator", "Operator", PASSWORD, Role.OPERATOR, null, null));
		users.create(new NewUser(tag + "-region", "Region manager", PASSWORD, Role.REGION_MANAGER, regions.get(0).id(), null));
		users.create(new NewUser(tag + "-store", "Store manager", PASSWORD, Role.STORE_MANAGER, stores.get(0).id(), null));
		users.create(new NewUser(tag + "-guide", "Guide", PASSWORD, Role.GUIDE, null, guide.id()));
		String adminToken = tokens.issue("admin", Role.CORP_ADMIN, null, null).token();
		String storeToken = tokens.issue("store", Role.STORE_MANAGER, stores.get(0).id(), null).token();
		String guideToken = tokens.issue("guide", Role.GUIDE, null, guide.id()).token();
		return new Fixture(corpId, tag, hq, regions, stores, members, hqStaff, guide, adminToken, storeToken, guideToken);
	}

	public record Fixture(long corpId, String tag, OrgUnit hq, List<OrgUnit> regions, List<OrgUnit> stores,
			List<Staff> staff, Staff hqStaff, Staff guide, String adminToken, String storeToken, String guideToken) {

		public String user(String role) {
			return tag + "-" + role;
		}

		public Actor actor(Role role) {
			return switch (role) {
				case CORP_ADMIN, OPERATOR, PLATFORM_ADMIN -> new Actor(corpId, 1, "t", Actor.Kind.USER, role, null, null);
				case REGION_MANAGER -> new Actor(corpId, 1, "t", Actor.Kind.USER, role, regions.get(0).id(), null);
				case STORE_MANAGER -> new Actor(corpId, 1, "t", Actor.Kind.USER, role, stores.get(0).id(), null);
				case GUIDE -> new Actor(corpId, 1, "t", Actor.Kind.USER, role, guide.orgUnitId(), guide.id());
			};
		}
	}
}
