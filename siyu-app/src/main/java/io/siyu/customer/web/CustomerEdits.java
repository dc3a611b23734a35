package io.siyu.customer.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.customer.CustomField;
import io.siyu.customer.CustomFields;
import io.siyu.customer.Customers;
import io.siyu.customer.Lifecycle;
import io.siyu.customer.Stage;
import io.siyu.customer.Timeline;
import io.siyu.customer.TimelineKinds;
import io.siyu.shared.LocalizedException;
import io.siyu.shared.web.ConsoleErrors;

/** What people change on the profile page: phone, custom fields, stage, notes, merges. */
@Controller
class CustomerEdits {

	private final Customers customers;

	private final CustomFields fields;

	private final Lifecycle lifecycle;

	private final Timeline timeline;

	private final ConsoleErrors errors;

	CustomerEdits(Customers customers, CustomFields fields, Lifecycle lifecycle, Timeline timeline,
			ConsoleErrors errors) {
		this.customers = customers;
		this.fields = fields;
		this.lifecycle = lifecycle;
		this.timeline = timeline;
		this.errors = errors;
	}

	@PostMapping("/console/customers/{id}/phone")
	String phone(@PathVariable long id, @RequestParam(defaultValue = "") String phone, RedirectAttributes flash) {
		return run(id, flash, () -> customers.setPhone(id, phone));
	}

	/** Every field of the form at once; a checkbox group sends its choices as repeated parameters. */
	@PostMapping("/console/customers/{id}/fields")
	String fields(@PathVariable long id, @RequestParam MultiValueMap<String, String> form, RedirectAttributes flash) {
		Map<String, Object> values = new HashMap<>();
		for (CustomField field : fields.definitions(false)) {
			List<String> sent = form.get("f." + field.code());
			if (sent == null) {
				if (field.type() == CustomField.Type.MULTI && form.containsKey("present." + field.code())) {
					values.put(field.code(), List.of());
				}
				continue;
			}
			values.put(field.code(), field.type() == CustomField.Type.MULTI ? sent : sent.get(0));
		}
		return run(id, flash, () -> fields.set(id, values));
	}

	@PostMapping("/console/customers/{id}/stage")
	String stage(@PathVariable long id, @RequestParam Stage stage, @RequestParam(defaultValue = "") String reason,
			RedirectAttributes flash) {
		return run(id, flash, () -> lifecycle.set(List.of(id), stage, reason));
	}

	@PostMapping("/console/customers/{id}/notes")
	String note(@PathVariable long id, @RequestParam String text, RedirectAttributes flash) {
		return run(id, flash, () -> {
			if (text.isBlank() || text.length() > 2000) {
				throw new io.siyu.shared.BadRequestException("error.note.text", "A note is 1–2,000 characters");
			}
			timeline.append(id, TimelineKinds.NOTE, null, null, null, null, text.trim());
		});
	}

	@PostMapping("/console/customers/{id}/merge")
	String merge(@PathVariable long id, @RequestParam long other, RedirectAttributes flash) {
		return run(id, flash, () -> customers.merge(id, other));
	}

	private String run(long id, RedirectAttributes flash, Runnable change) {
		try {
			change.run();
			flash.addFlashAttribute("flash", "flash.saved");
		}
		catch (LocalizedException e) {
			if (e instanceof io.siyu.shared.NotFoundException) {
				throw e;
			}
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/customers/" + id;
	}
}
