package io.siyu.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.siyu.organization.Corps;
import io.siyu.organization.OrgUnit;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.Staff;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffFilter;
import io.siyu.organization.WeComSettingsChange;
import io.siyu.sandbox.CorpSpec;
import io.siyu.sandbox.OrgChart;
import io.siyu.sandbox.SandboxCorp;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.sandbox.WorldSpec;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.PageQuery;
import io.siyu.wecom.WeComConnection;

/**
 * Demo mode's WeCom: a sandbox in this process, holding the demo organisation (same departments and userids as
 * Siyu's demo corp) with its customers, groups and tags, and the demo corp connected to it. In-memory and
 * deterministic: after a restart the same world is rebuilt and the corp re-pointed at the new port.
 */
@Component
public class DemoWeCom {

	static final String CORP_ID = "wwdemocoffee";

	static final String TOKEN = "DemoCoffeeToken";

	static final String AES_KEY = "DemoCoffeeAesKey0123456789abcdefghijklmnopq";

	static final String SECRET = "demo-coffee-secret";

	static final String TRAFFIC_STATE = "demo-traffic";

	private static final Logger log = LoggerFactory.getLogger(DemoWeCom.class);

	private final DemoMode mode;

	private final SandboxSettings settings;

	private final Corps corps;

	private final OrgUnits units;

	private final StaffDirectory staff;

	private final Environment environment;

	private final WeComConnection connection;

	private volatile WeComSandbox sandbox;

	private volatile SandboxCorp corp;

	DemoWeCom(DemoMode mode, SandboxSettings settings, Corps corps, OrgUnits units, StaffDirectory staff,
			Environment environment, WeComConnection connection) {
		this.connection = connection;
		this.mode = mode;
		this.settings = settings;
		this.corps = corps;
		this.units = units;
		this.staff = staff;
		this.environment = environment;
	}

	@EventListener(ApplicationReadyEvent.class)
	public void start() {
		Optional<Long> demoCorp = corps.demoCorpId();
		if (!mode.enabled() || !settings.enabled() || demoCorp.isEmpty() || sandbox != null) {
			return;
		}
		long started = System.nanoTime();
		Actors.runAs(Actor.system(demoCorp.get()), () -> connect(demoCorp.get()));
		log.info("Demo WeCom sandbox on {} with {} customers, connected in {} ms; syncing in the background",
				sandbox.baseUrl(), corp.customerCount(), (System.nanoTime() - started) / 1_000_000);
		connection.syncInBackground(demoCorp.get());
	}

	private void connect(long corpId) {
		String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
		WeComSandbox started = WeComSandbox.builder().port(settings.port()).seed(settings.seed()).build().start();
		SandboxCorp world = started.createCorp(new CorpSpec(CORP_ID, 1000002, SECRET,
				"http://127.0.0.1:" + port + "/wecom/callback/" + CORP_ID, TOKEN, AES_KEY));
		world.seed(new WorldSpec(1, 1, settings.customers(), settings.groups(), settings.tags()), chart());
		world.addContactWayForAllStaff(TRAFFIC_STATE);
		corps.updateWeComSettings(new WeComSettingsChange(CORP_ID, 1000002, SECRET, TOKEN, AES_KEY, started.baseUrl()));
		this.sandbox = started;
		this.corp = world;
	}

	/** The demo org as a WeCom directory: the root unit is department 1, every other unit is its id + 1. */
	private OrgChart chart() {
		List<OrgChart.Department> departments = new ArrayList<>();
		List<OrgUnit> tree = units.tree();
		for (OrgUnit unit : tree) {
			long dept = unit.parentId() == null ? 1 : unit.id() + 1;
			long parent = unit.parentId() == null ? 0 : tree.get(0).id() == unit.parentId() ? 1 : unit.parentId() + 1;
			departments.add(new OrgChart.Department(dept, unit.name(), parent));
			if (unit.wecomDeptId() == null || unit.wecomDeptId() != dept) {
				units.linkWeComDepartment(unit.id(), dept);
			}
		}
		long root = tree.get(0).id();
		List<OrgChart.Member> members = new ArrayList<>();
		for (int page = 0;; page++) {
			var batch = staff.list(StaffFilter.none(), new PageQuery(page, PageQuery.MAX_SIZE));
			for (Staff s : batch.items()) {
				members.add(new OrgChart.Member(s.userid(), s.name(), s.orgUnitId() == root ? 1 : s.orgUnitId() + 1,
						s.position()));
			}
			if (!batch.hasNext()) {
				break;
			}
		}
		return new OrgChart(departments, members);
	}

	/** The sandbox corp, when demo mode runs one. */
	public Optional<SandboxCorp> sandboxCorp() {
		return Optional.ofNullable(corp);
	}

	@PreDestroy
	void stop() {
		if (sandbox != null) {
			sandbox.stop();
		}
	}
}
