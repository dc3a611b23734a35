package io.siyu.demo;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.organization.Corps;
import io.siyu.organization.NewUser;
import io.siyu.organization.OrgUnit;
import io.siyu.organization.OrgUnitKind;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.Persona;
import io.siyu.organization.PersonaKind;
import io.siyu.organization.Personas;
import io.siyu.organization.Staff;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.UserAccounts;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;

/** Seeds "Demo Coffee" once, in demo mode only. Deterministic: the same names on every machine. */
@Component
@Order(10)
class DemoSeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

	private final DemoMode mode;

	private final Corps corps;

	private final OrgUnits units;

	private final Personas personas;

	private final StaffDirectory staff;

	private final UserAccounts users;

	private final TransactionTemplate tx;

	DemoSeeder(DemoMode mode, Corps corps, OrgUnits units, Personas personas, StaffDirectory staff, UserAccounts users,
			TransactionTemplate tx) {
		this.mode = mode;
		this.corps = corps;
		this.units = units;
		this.personas = personas;
		this.staff = staff;
		this.users = users;
		this.tx = tx;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!mode.enabled() || corps.demoCorpId().isPresent()) {
			return;
		}
		long started = System.nanoTime();
		tx.executeWithoutResult(status -> seed());
		log.info("Seeded the demo corp '{}' in {} ms", DemoCoffee.NAME, (System.nanoTime() - started) / 1_000_000);
	}

	private void seed() {
		long corp = Actors.callAs(Actor.platform(0, "system", null), () -> corps.create(DemoCoffee.NAME, true).id());
		Actors.runAs(Actor.system(corp), () -> seedCorp());
	}

	private void seedCorp() {
		OrgUnit hq = units.tree().get(0);
		List<Persona> faces = List.of(
				personas.create(PersonaKind.BRAND, "小D", "Demo Coffee 品牌官，每天一杯好咖啡的提醒。", "/img/persona-brand.svg"),
				personas.create(PersonaKind.EXPERT, "豆师傅", "十年咖啡品鉴师，教你在家做一杯手冲。", "/img/persona-expert.svg"),
				personas.create(PersonaKind.FOUNDER, "Demo 创始人", "和你聊聊我们为什么做咖啡。", "/img/persona-founder.svg"),
				personas.create(PersonaKind.SALES, "门店咖啡顾问", "离你最近的门店顾问，新品与优惠第一时间告诉你。", "/img/persona-sales.svg"),
				personas.create(PersonaKind.ASSISTANT, "小助理", "订单、会员、售后，随时找我。", "/img/persona-assistant.svg"));
		Names names = new Names();
		for (int i = 0; i < DemoCoffee.HQ_POSITIONS.size(); i++) {
			String position = DemoCoffee.HQ_POSITIONS.get(i);
			Persona face = switch (position) {
				case "创始人" -> faces.get(2);
				case "咖啡品鉴师", "营养顾问" -> faces.get(1);
				case "客服专员", "会员经理" -> faces.get(4);
				default -> faces.get(0);
			};
			staff.create(String.format("hq%02d", i + 1), names.next(), hq.id(), position, face.id());
		}
		Staff firstGuide = null;
		OrgUnit firstRegion = null;
		OrgUnit firstStore = null;
		for (DemoCoffee.Region region : DemoCoffee.REGIONS) {
			OrgUnit regionUnit = units.create(hq.id(), region.name(), OrgUnitKind.REGION);
			firstRegion = firstRegion == null ? regionUnit : firstRegion;
			staff.create(region.code() + "-rm", names.next(), regionUnit.id(), "大区经理", null);
			for (int s = 0; s < region.stores().size(); s++) {
				OrgUnit store = units.create(regionUnit.id(), region.stores().get(s), OrgUnitKind.STORE);
				firstStore = firstStore == null ? store : firstStore;
				String prefix = String.format("%s%02d", region.code(), s + 1);
				staff.create(prefix + "-sm", names.next(), store.id(), "店长", faces.get(3).id());
				for (int g = 1; g <= DemoCoffee.GUIDES_PER_STORE; g++) {
					Staff guide = staff.create(prefix + "-g" + g, names.next(), store.id(), "导购", faces.get(3).id());
					firstGuide = firstGuide == null ? guide : firstGuide;
				}
			}
		}
		createUsers(firstRegion, firstStore, firstGuide);
	}

	private void createUsers(OrgUnit region, OrgUnit store, Staff guide) {
		List<NewUser> demoUsers = new ArrayList<>();
		demoUsers.add(new NewUser("corpadmin", "企业管理员", DemoCoffee.PASSWORD, Role.CORP_ADMIN, null, null));
		demoUsers.add(new NewUser("operator", "私域运营", DemoCoffee.PASSWORD, Role.OPERATOR, null, null));
		demoUsers.add(new NewUser("region", "华东大区经理", DemoCoffee.PASSWORD, Role.REGION_MANAGER, region.id(), null));
		demoUsers.add(new NewUser("store", "上海静安店店长", DemoCoffee.PASSWORD, Role.STORE_MANAGER, store.id(), null));
		demoUsers.add(new NewUser("guide", guide.name() + "（导购）", DemoCoffee.PASSWORD, Role.GUIDE, null, guide.id()));
		demoUsers.forEach(users::create);
	}

	/** Deterministic Chinese names: surname × given name, in a fixed walk. */
	private static final class Names {

		private int next;

		String next() {
			int i = next++;
			return DemoCoffee.SURNAMES.get(i % DemoCoffee.SURNAMES.size())
					+ DemoCoffee.GIVEN.get((i * 7 + i / DemoCoffee.SURNAMES.size()) % DemoCoffee.GIVEN.size());
		}
	}
}
