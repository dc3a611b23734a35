package io.siyu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.siyu.shared.Role.Permission;

class RoleTest {

	@Test
	void onlyAdministratorsGrantRolesAndNeverAboveTheirOwn() {
		assertThat(Role.PLATFORM_ADMIN.mayGrant(Role.PLATFORM_ADMIN)).isTrue();
		assertThat(Role.CORP_ADMIN.mayGrant(Role.OPERATOR)).isTrue();
		assertThat(Role.CORP_ADMIN.mayGrant(Role.PLATFORM_ADMIN)).isFalse();
		assertThat(Role.STORE_MANAGER.mayGrant(Role.GUIDE)).isFalse();
		assertThat(Role.OPERATOR.mayGrant(Role.GUIDE)).isFalse();
	}

	@Test
	void scopedRolesCannotManageUsersSettingsOrCorps() {
		for (Role role : new Role[] { Role.REGION_MANAGER, Role.STORE_MANAGER, Role.GUIDE, Role.OPERATOR }) {
			assertThat(role.can(Permission.USERS_MANAGE)).as(role.name()).isFalse();
			assertThat(role.can(Permission.SETTINGS_MANAGE)).as(role.name()).isFalse();
			assertThat(role.can(Permission.CORPS_MANAGE)).as(role.name()).isFalse();
		}
		assertThat(Role.CORP_ADMIN.can(Permission.CORPS_MANAGE)).isFalse();
		assertThat(Role.GUIDE.can(Permission.STAFF_WRITE)).isFalse();
	}

	@Test
	void dataScopeFollowsTheRole() {
		assertThat(new Actor(1L, 1, "a", Actor.Kind.USER, Role.OPERATOR, 5L, null).scope())
			.isEqualTo(DataScope.wholeCorp());
		assertThat(new Actor(1L, 1, "s", Actor.Kind.USER, Role.STORE_MANAGER, 5L, null).scope())
			.isEqualTo(DataScope.subtree(5));
		assertThat(new Actor(1L, 1, "g", Actor.Kind.USER, Role.GUIDE, 5L, 9L).scope())
			.isEqualTo(DataScope.ownRows(9, 5));
	}
}
