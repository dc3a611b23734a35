package io.siyu.sidebar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;

import io.siyu.customer.CustomField;
import io.siyu.customer.CustomFields;
import io.siyu.customer.CustomerDetail;
import io.siyu.customer.FollowView;
import io.siyu.customer.Lifecycle;
import io.siyu.customer.Stage;
import io.siyu.customer.Timeline;
import io.siyu.customer.TimelineKinds;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.RuleViolationException;
import io.siyu.tagging.CustomerTagging;
import io.siyu.tagging.TaggingResult;
import io.siyu.wecom.WeComRemarks;

/**
 * What a member changes from the sidebar: tags (marked in WeCom), notes, stage, custom fields and their own remark
 * (changed in WeCom). Each answer is the redrawn part of the page; the timeline is told to refresh
 * ({@code HX-Trigger: timeline-changed}) when the change put something on it.
 */
@Controller
class SidebarWrites {

	static final String TIMELINE_CHANGED = "timeline-changed";

	private final CustomerSheet sheet;

	private final SidebarPage page;

	private final CustomerTagging tagging;

	private final SidebarNotes notes;

	private final Lifecycle lifecycle;

	private final CustomFields fields;

	private final WeComRemarks remarks;

	private final Timeline timeline;

	SidebarWrites(CustomerSheet sheet, SidebarPage page, CustomerTagging tagging, SidebarNotes notes,
			Lifecycle lifecycle, CustomFields fields, WeComRemarks remarks, Timeline timeline) {
		this.sheet = sheet;
		this.page = page;
		this.tagging = tagging;
		this.notes = notes;
		this.lifecycle = lifecycle;
		this.fields = fields;
		this.remarks = remarks;
		this.timeline = timeline;
	}

	/**
	 * The picker sends the tags it showed as carried ({@code shown}) and the ones checked now ({@code tag}): only
	 * that difference is applied, so a tag someone else added meanwhile is not taken away.
	 */
	@PostMapping("/h5/{corp}/sidebar/customers/{id}/tags")
	String tags(@PathVariable String corp, @PathVariable long id,
			@RequestParam(name = "shown", required = false) List<Long> shown,
			@RequestParam(name = "tag", required = false) List<Long> checked, HttpServletResponse response, Model model) {
		Set<Long> before = new LinkedHashSet<>(shown == null ? List.of() : shown);
		Set<Long> after = new LinkedHashSet<>(checked == null ? List.of() : checked);
		List<Long> add = after.stream().filter(t -> !before.contains(t)).toList();
		List<Long> remove = before.stream().filter(t -> !after.contains(t)).toList();
		model.addAttribute("corp", corp);
		if (!add.isEmpty() || !remove.isEmpty()) {
			TaggingResult result = tagging.apply(id, add, remove, "SIDEBAR");
			List<String> failed = result.relations().stream().filter(r -> r.errcode() != 0)
				.map(r -> r.userid() + " (" + r.errcode() + ")").toList();
			notice(model, failed.isEmpty() ? "ok" : "warn", failed.isEmpty() ? "sidebar.tags.saved" : "sidebar.tags.partly",
					String.join(", ", failed));
			response.setHeader("HX-Trigger", TIMELINE_CHANGED);
		}
		page.tags(model, sheet.detail(id));
		return "sidebar/parts :: tags";
	}

	@PostMapping("/h5/{corp}/sidebar/customers/{id}/notes")
	String note(@PathVariable String corp, @PathVariable long id, @RequestParam(required = false) String key,
			@RequestParam(required = false) String text,
			@RequestAttribute(SidebarMember.REQUEST_ATTRIBUTE) SidebarMember member, HttpServletResponse response,
			Model model) {
		boolean added = notes.add(id, key, text, member.userid());
		notice(model, "ok", added ? "sidebar.note.saved" : "sidebar.note.already", null);
		response.setHeader("HX-Trigger", TIMELINE_CHANGED);
		model.addAttribute("corp", corp);
		model.addAttribute("customerId", id);
		model.addAttribute("noteKey", SidebarNotes.newFormKey());
		return "sidebar/parts :: note-form";
	}

	@PostMapping("/h5/{corp}/sidebar/customers/{id}/stage")
	String stage(@PathVariable String corp, @PathVariable long id, @RequestParam(required = false) String stage,
			HttpServletResponse response, Model model) {
		Stage to = Arrays.stream(Stage.values()).filter(s -> s.name().equals(stage)).findFirst()
			.orElseThrow(() -> new BadRequestException("error.stage.missing", "Choose a stage"));
		if (lifecycle.set(List.of(id), to, "sidebar") > 0) {
			response.setHeader("HX-Trigger", TIMELINE_CHANGED);
		}
		notice(model, "ok", "sidebar.saved", null);
		model.addAttribute("corp", corp);
		model.addAttribute("customer", sheet.detail(id));
		model.addAttribute("stages", Stage.values());
		return "sidebar/parts :: stage";
	}

	/** Field inputs are named {@code f.<code>}; a multiple choice sends one value per chosen option. */
	@PostMapping("/h5/{corp}/sidebar/customers/{id}/fields")
	String fields(@PathVariable String corp, @PathVariable long id, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		CustomerDetail customer = sheet.detail(id);
		Map<String, Object> submitted = new HashMap<>();
		for (CustomerSheet.FieldRow row : sheet.fields(customer)) {
			CustomField field = row.field();
			String[] values = request.getParameterValues("f." + field.code());
			boolean present = values != null || request.getParameter("present." + field.code()) != null;
			if (!present) {
				continue;
			}
			submitted.put(field.code(), field.type() == CustomField.Type.MULTI
					? (values == null ? List.of() : new ArrayList<>(Arrays.asList(values))) : values == null ? null : values[0]);
		}
		Map<String, Object> changed = sheet.changedFields(customer, submitted);
		if (!changed.isEmpty()) {
			fields.set(id, changed);
			response.setHeader("HX-Trigger", TIMELINE_CHANGED);
		}
		notice(model, "ok", "sidebar.saved", null);
		model.addAttribute("corp", corp);
		page.fields(model, sheet.detail(id));
		return "sidebar/parts :: fields";
	}

	/** The member's own remark and description of the customer, changed in WeCom and then in Siyu. */
	@PostMapping("/h5/{corp}/sidebar/customers/{id}/remark")
	String remark(@PathVariable String corp, @PathVariable long id, @RequestParam(required = false) String remark,
			@RequestParam(required = false) String description,
			@RequestAttribute(SidebarMember.REQUEST_ATTRIBUTE) SidebarMember member, HttpServletResponse response,
			Model model) {
		CustomerDetail customer = sheet.detail(id);
		FollowView mine = CustomerSheet.mine(customer, member.userid());
		if (mine == null || !mine.active() || customer.externalUserId() == null) {
			throw new RuleViolationException("sidebar.remark.noRelation",
					"Only a customer who is your WeCom friend has a remark of yours");
		}
		remarks.edit(member.corpId(), member.userid(), customer.externalUserId(), remark, description);
		timeline.append(id, TimelineKinds.PROFILE_EDITED, null, member.userid(), "remark", null,
				describe(remark, description));
		response.setHeader("HX-Trigger", TIMELINE_CHANGED);
		notice(model, "ok", "sidebar.saved", null);
		model.addAttribute("corp", corp);
		SidebarPage.card(model, sheet.detail(id), member);
		return "sidebar/parts :: card";
	}

	private static String describe(String remark, String description) {
		String r = remark == null ? "" : remark.strip();
		String d = description == null ? "" : description.strip();
		return "remark = " + (r.isEmpty() ? "—" : r) + "; description = " + (d.isEmpty() ? "—" : d);
	}

	private static void notice(Model model, String level, String key, String detail) {
		model.addAttribute("noticeLevel", level);
		model.addAttribute("noticeKey", key);
		model.addAttribute("noticeDetail", detail);
	}
}
