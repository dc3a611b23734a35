package io.siyu.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.siyu.TestCorp;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.ForbiddenException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role;

/** What each role sees of staff and org units, and that corp A never sees corp B. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DataScopeTest {

	@Autowired
	TestCorp corps;

	@Autowired
	StaffDirectory staff;

	@Autowired
	OrgUnits units;

	@Autowired
	UserAccounts users;

	TestCorp.Fixture a;

	TestCorp.Fixture b;

	@BeforeEach
	void twoCorps() {
		a = corps.create();
		b = corps.create();
	}

	long visibleStaff(Actor actor) {
		return Actors.callAs(actor, () -> staff.list(StaffFilter.none(), new PageQuery(0, 200)).total());
	}

	@Test
	void corpWideRolesSeeTheirWholeCorpOnly() {
		assertThat(visibleStaff(a.actor(Role.CORP_ADMIN))).isEqualTo(13);
		assertThat(visibleStaff(a.actor(Role.OPERATOR))).isEqualTo(13);
		assertThat(Actors.callAs(a.actor(Role.CORP_ADMIN), () -> staff.list(StaffFilter.none(), new PageQuery(0, 200))
			.items()
			.stream()
			.allMatch(s -> s.userid().startsWith(a.tag())))).isTrue();
	}

	@Test
	void regionManagerSeesTheRegionStoreManagerTheStoreGuideThemselves() {
		assertThat(visibleStaff(a.actor(Role.REGION_MANAGER))).isEqualTo(6);
		assertThat(visibleStaff(a.actor(Role.STORE_MANAGER))).isEqualTo(3);
		assertThat(visibleStaff(a.actor(Role.GUIDE))).isEqualTo(1);
		assertThat(Actors.callAs(a.actor(Role.GUIDE),
				() -> staff.list(StaffFilter.none(), new PageQuery(0, 10)).items().get(0).id())).isEqualTo(a.guide().id());
	}

	@Test
	void storeManagerCannotReadOrChangeAnotherStoresStaff() {
		Staff otherStore = a.staff().get(3);
		assertThat(otherStore.orgUnitId()).isNotEqualTo(a.stores().get(0).id());
		Actors.runAs(a.actor(Role.STORE_MANAGER), () -> {
			assertThatThrownBy(() -> staff.get(otherStore.id())).isInstanceOf(NotFoundException.class);
			assertThatThrownBy(() -> staff.update(otherStore.id(), new StaffChange("Hijacked", null, null, null, false, null)))
				.isInstanceOf(NotFoundException.class);
			assertThatThrownBy(() -> staff.update(a.staff().get(0).id(),
					new StaffChange(null, a.stores().get(1).id(), null, null, false, null)))
				.as("cannot move own staff into another store")
				.isInstanceOf(NotFoundException.class);
		});
		assertThat(Actors.callAs(a.actor(Role.CORP_ADMIN), () -> staff.get(otherStore.id()).name()))
			.isEqualTo(otherStore.name());
	}

	@Test
	void orgTreeIsScopedToo() {
		assertThat(Actors.callAs(a.actor(Role.CORP_ADMIN), () -> units.tree())).hasSize(7);
		assertThat(Actors.callAs(a.actor(Role.REGION_MANAGER), () -> units.tree())).hasSize(3);
		assertThat(Actors.callAs(a.actor(Role.STORE_MANAGER), () -> units.tree())).hasSize(1);
		assertThat(Actors.callAs(a.actor(Role.GUIDE), () -> units.tree())).extracting(OrgUnit::id)
			.containsExactly(a.guide().orgUnitId());
	}

	@Test
	void anotherCorpsObjectsAreNotFound() {
		Actors.runAs(a.actor(Role.CORP_ADMIN), () -> {
			assertThatThrownBy(() -> staff.get(b.hqStaff().id())).isInstanceOf(NotFoundException.class);
			assertThatThrownBy(() -> units.get(b.hq().id())).isInstanceOf(NotFoundException.class);
			assertThatThrownBy(() -> staff.create("x-" + a.tag(), "X", b.stores().get(0).id(), null, null))
				.as("cannot create staff in another corp's unit")
				.isInstanceOf(NotFoundException.class);
			assertThatThrownBy(() -> units.create(b.hq().id(), "Intruder", OrgUnitKind.STORE))
				.isInstanceOf(NotFoundException.class);
		});
		assertThat(Actors.callAs(b.actor(Role.CORP_ADMIN), () -> units.get(b.hq().id()).name())).endsWith("HQ");
	}

	@Test
	void scopedRolesCannotWriteWhatTheirRoleForbids() {
		Actors.runAs(a.actor(Role.GUIDE), () -> {
			assertThatThrownBy(() -> staff.update(a.guide().id(), new StaffChange("Me", null, null, null, false, null)))
				.isInstanceOf(ForbiddenException.class);
			assertThatThrownBy(() -> users.list(null, null, new PageQuery(0, 10))).isInstanceOf(ForbiddenException.class);
		});
		Actors.runAs(a.actor(Role.STORE_MANAGER), () -> assertThatThrownBy(
				() -> units.create(a.stores().get(0).id(), "Pop-up", OrgUnitKind.STORE)).isInstanceOf(ForbiddenException.class));
	}

	@Test
	void movingAUnitMovesItsSubtreeAndItsScope() {
		Actors.runAs(a.actor(Role.CORP_ADMIN), () -> {
			OrgUnit store = a.stores().get(2); // in region 2
			units.update(store.id(), null, a.regions().get(0).id(), null, null);
			assertThat(units.get(store.id()).path()).startsWith(a.regions().get(0).path());
			assertThatThrownBy(() -> units.update(a.regions().get(0).id(), null, store.id(), null, null))
				.as("no cycles")
				.isInstanceOf(io.siyu.shared.RuleViolationException.class);
		});
		assertThat(visibleStaff(a.actor(Role.REGION_MANAGER))).isEqualTo(9);
	}
}
