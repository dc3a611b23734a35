package io.siyu.sidebar;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;

import io.siyu.customer.CustomerDetail;
import io.siyu.customer.FollowView;
import io.siyu.customer.Stage;

/**
 * The sidebar page of one customer and the parts htmx loads into it (timeline pages, the tag picker, editors).
 * The customer comes from the chat (in WeCom: JS-SDK {@code getCurExternalContact}; here the {@code external_userid}
 * parameter) and must be the signed-in member's own customer: anything else is "not found".
 */
@Controller
class SidebarPage {

	private final CustomerSheet sheet;

	private final TimelineFeed feed;

	SidebarPage(CustomerSheet sheet, TimelineFeed feed) {
		this.sheet = sheet;
		this.feed = feed;
	}

	@GetMapping("/h5/{corp}/sidebar")
	String page(@PathVariable String corp, @RequestParam(name = "external_userid", required = false) String external,
			@RequestAttribute(SidebarMember.REQUEST_ATTRIBUTE) SidebarMember member, Model model) {
		model.addAttribute("corp", corp);
		model.addAttribute("member", member);
		if (external == null || external.isBlank()) {
			model.addAttribute("messageKey", "sidebar.noCustomer");
			model.addAttribute("level", "info");
			return "sidebar/message";
		}
		CustomerDetail customer = sheet.detail(sheet.idOf(external));
		card(model, customer, member);
		tags(model, customer);
		fields(model, customer);
		model.addAttribute("stages", Stage.values());
		model.addAttribute("groups", sheet.groups(customer.id()));
		model.addAttribute("timeline", feed.page(customer.id(), null, "all"));
		model.addAttribute("filters", TimelineFeed.FILTER_ORDER);
		model.addAttribute("noteKey", SidebarNotes.newFormKey());
		return "sidebar/page";
	}

	@GetMapping("/h5/{corp}/sidebar/customers/{id}/timeline")
	String timeline(@PathVariable String corp, @PathVariable long id, @RequestParam(required = false) Long before,
			@RequestParam(defaultValue = "all") String show, Model model) {
		model.addAttribute("corp", corp);
		model.addAttribute("customerId", id);
		model.addAttribute("timeline", feed.page(id, before, show));
		return "sidebar/parts :: timeline-items";
	}

	@GetMapping("/h5/{corp}/sidebar/customers/{id}/tags")
	String tags(@PathVariable String corp, @PathVariable long id, Model model) {
		model.addAttribute("corp", corp);
		tags(model, sheet.detail(id));
		return "sidebar/parts :: tags";
	}

	@GetMapping("/h5/{corp}/sidebar/customers/{id}/tags/edit")
	String tagEditor(@PathVariable String corp, @PathVariable long id, Model model) {
		CustomerDetail customer = sheet.detail(id);
		model.addAttribute("corp", corp);
		model.addAttribute("customer", customer);
		model.addAttribute("choices", sheet.tagChoices(customer));
		return "sidebar/parts :: tag-editor";
	}

	@GetMapping("/h5/{corp}/sidebar/customers/{id}/fields")
	String fields(@PathVariable String corp, @PathVariable long id, Model model) {
		model.addAttribute("corp", corp);
		fields(model, sheet.detail(id));
		return "sidebar/parts :: fields";
	}

	@GetMapping("/h5/{corp}/sidebar/customers/{id}/fields/edit")
	String fieldEditor(@PathVariable String corp, @PathVariable long id, Model model) {
		model.addAttribute("corp", corp);
		fields(model, sheet.detail(id));
		return "sidebar/parts :: field-editor";
	}

	@GetMapping("/h5/{corp}/sidebar/customers/{id}/card")
	String card(@PathVariable String corp, @PathVariable long id,
			@RequestAttribute(SidebarMember.REQUEST_ATTRIBUTE) SidebarMember member,
			@RequestParam(defaultValue = "false") boolean edit, Model model) {
		model.addAttribute("corp", corp);
		card(model, sheet.detail(id), member);
		model.addAttribute("editRemark", edit);
		return "sidebar/parts :: card";
	}

	static void card(Model model, CustomerDetail customer, SidebarMember member) {
		model.addAttribute("customer", customer);
		FollowView mine = CustomerSheet.mine(customer, member.userid());
		model.addAttribute("mine", mine);
		model.addAttribute("addWayKey", CustomerSheet.addWayKey(mine));
		model.addAttribute("colleagues", CustomerSheet.colleagues(customer, member.userid()));
	}

	void tags(Model model, CustomerDetail customer) {
		model.addAttribute("customer", customer);
		model.addAttribute("tagChips", sheet.tags(customer));
	}

	void fields(Model model, CustomerDetail customer) {
		model.addAttribute("customer", customer);
		model.addAttribute("fieldRows", sheet.fields(customer));
	}
}
