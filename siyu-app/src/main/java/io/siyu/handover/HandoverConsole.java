package io.siyu.handover;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.siyu.organization.Staff;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffFilter;
import io.siyu.organization.StaffStatus;
import io.siyu.shared.Actors;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;

/**
 * 离职继承与在职转接: the list of transfers with their progress, a two-step wizard (who and how → which customers and
 * groups, to whom), and a transfer's page with every customer's status (refreshing itself while it runs).
 */
@Controller
class HandoverConsole {

	private final Handovers handovers;

	private final HandoverWorker worker;

	private final StaffDirectory staff;

	HandoverConsole(Handovers handovers, HandoverWorker worker, StaffDirectory staff) {
		this.handovers = handovers;
		this.worker = worker;
		this.staff = staff;
	}

	@GetMapping("/console/transfers")
	String list(@RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("result", handovers.list(new PageQuery(Math.max(page, 0), 20)));
		return "console/transfers";
	}

	@GetMapping("/console/transfers/new")
	String wizard(@RequestParam(required = false) HandoverKind kind, @RequestParam(required = false) Long from,
			@RequestParam(required = false) String q, Model model) {
		Actors.require(Permission.STAFF_WRITE);
		HandoverKind k = kind == null ? HandoverKind.ON_JOB : kind;
		model.addAttribute("kind", k);
		model.addAttribute("kinds", HandoverKind.values());
		model.addAttribute("q", q);
		model.addAttribute("candidates", staff(q, k == HandoverKind.RESIGNED ? StaffStatus.RESIGNED : StaffStatus.ACTIVE));
		if (from != null) {
			Staff member = staff.get(from);
			model.addAttribute("from", member);
			model.addAttribute("customers", handovers.customersOf(from));
			model.addAttribute("groups", handovers.groupsOf(from));
			model.addAttribute("heirs", staff(null, StaffStatus.ACTIVE).stream().filter(s -> s.id() != member.id()).toList());
		}
		return "console/transfer-new";
	}

	@PostMapping("/console/transfers")
	String start(@RequestParam HandoverKind kind, @RequestParam Long fromStaffId,
			@RequestParam(required = false) Long toStaffId, @RequestParam(defaultValue = "false") boolean allCustomers,
			@RequestParam(required = false) List<Long> customerIds, @RequestParam(defaultValue = "false") boolean allGroups,
			@RequestParam(required = false) List<String> chatIds, @RequestParam(required = false) String message) {
		long id = handovers.start(new HandoverRequest(kind, fromStaffId, toStaffId, allCustomers, customerIds,
				allGroups, chatIds, message));
		return "redirect:/console/transfers/" + id;
	}

	@GetMapping("/console/transfers/{id}")
	String detail(@PathVariable long id, @RequestParam(required = false) ItemStatus status,
			@RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("h", handovers.get(id));
		model.addAttribute("status", status);
		model.addAttribute("statuses", ItemStatus.values());
		model.addAttribute("items", handovers.customers(id, status, new PageQuery(Math.max(page, 0), 50)));
		model.addAttribute("groups", handovers.groups(id));
		return "console/transfer";
	}

	/** Asks WeCom now instead of waiting for the scheduled poll. */
	@PostMapping("/console/transfers/{id}/refresh")
	String refresh(@PathVariable long id) {
		Actors.require(Permission.STAFF_WRITE);
		Handover h = handovers.get(id);
		long corp = Actors.require().requireCorp();
		if (h.status().equals("RUNNING")) {
			worker.send(corp, id);
			worker.poll(corp, id);
		}
		return "redirect:/console/transfers/" + id;
	}

	private List<Staff> staff(String q, StaffStatus status) {
		return staff.list(new StaffFilter(q, null, status, null), new PageQuery(0, PageQuery.MAX_SIZE)).items();
	}
}
