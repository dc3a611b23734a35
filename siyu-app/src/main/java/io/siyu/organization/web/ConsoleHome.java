package io.siyu.organization.web;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.siyu.organization.OrgUnit;
import io.siyu.organization.OrgUnitKind;
import io.siyu.organization.OrgUnits;
import io.siyu.organization.Personas;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffFilter;
import io.siyu.organization.StaffStatus;
import io.siyu.shared.Actors;
import io.siyu.shared.PageQuery;

/** Login page and the console's landing page (real numbers of the organisation within the user's scope). */
@Controller
class ConsoleHome {

	private final OrgUnits units;

	private final StaffDirectory staff;

	private final Personas personas;

	ConsoleHome(OrgUnits units, StaffDirectory staff, Personas personas) {
		this.units = units;
		this.staff = staff;
		this.personas = personas;
	}

	/** Active staff per region (or per top unit of the user's scope), for the overview chart. */
	static List<Bar> staffPerArea(List<OrgUnit> tree, java.util.Map<Long, Long> counts) {
		if (tree.isEmpty()) {
			return List.of();
		}
		int top = tree.get(0).depth();
		List<OrgUnit> areas = tree.stream().filter(u -> u.depth() == top + 1).toList();
		if (areas.isEmpty()) {
			areas = List.of(tree.get(0));
		}
		List<long[]> totals = new java.util.ArrayList<>();
		for (OrgUnit area : areas) {
			long n = tree.stream().filter(u -> u.path().startsWith(area.path())).mapToLong(u -> counts.getOrDefault(u.id(), 0L)).sum();
			totals.add(new long[] { area.id(), n });
		}
		long max = totals.stream().mapToLong(t -> t[1]).max().orElse(1);
		List<Bar> bars = new java.util.ArrayList<>();
		for (int i = 0; i < areas.size(); i++) {
			long n = totals.get(i)[1];
			bars.add(new Bar(areas.get(i).id(), areas.get(i).name(), n, max == 0 ? 0 : (int) (n * 100 / max)));
		}
		return bars;
	}

	record Bar(long unitId, String label, long value, int percent) {
	}

	@GetMapping("/login")
	String login() {
		return "console/login";
	}

	@GetMapping("/")
	String root() {
		return "redirect:/console";
	}

	@GetMapping("/console")
	String dashboard(Model model) {
		if (Actors.require().corpId() == null) {
			return "redirect:/console/corps";
		}
		List<OrgUnit> tree = units.tree();
		model.addAttribute("regions", tree.stream().filter(u -> u.kind() == OrgUnitKind.REGION).count());
		model.addAttribute("stores", tree.stream().filter(u -> u.kind() == OrgUnitKind.STORE).count());
		model.addAttribute("units", tree.size());
		PageQuery one = new PageQuery(0, 1);
		model.addAttribute("activeStaff",
				staff.list(new StaffFilter(null, null, StaffStatus.ACTIVE, null), one).total());
		model.addAttribute("resignedStaff",
				staff.list(new StaffFilter(null, null, StaffStatus.RESIGNED, null), one).total());
		model.addAttribute("personas", personas.list().size());
		model.addAttribute("bars", staffPerArea(tree, staff.countByUnit()));
		return "console/dashboard";
	}
}
