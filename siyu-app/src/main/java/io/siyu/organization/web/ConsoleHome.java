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
		return "console/dashboard";
	}
}
