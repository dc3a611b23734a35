package io.siyu.segment.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.customer.CustomFields;
import io.siyu.organization.OrgUnits;
import io.siyu.segment.Expr;
import io.siyu.segment.SegmentException;
import io.siyu.segment.SegmentJson;
import io.siyu.segment.SegmentView;
import io.siyu.segment.Segments;
import io.siyu.shared.PageQuery;
import io.siyu.tagging.TagCatalog;
import tools.jackson.databind.json.JsonMapper;

/**
 * 人群圈选: the list of saved segments (counts within the viewer's scope) and the builder, which edits the JSON form
 * of a condition; every change asks the server (htmx) for the count, a sample and the text form.
 */
@Controller
class SegmentConsole {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Segments segments;

	private final TagCatalog catalog;

	private final CustomFields fields;

	private final OrgUnits units;

	SegmentConsole(Segments segments, TagCatalog catalog, CustomFields fields, OrgUnits units) {
		this.segments = segments;
		this.catalog = catalog;
		this.fields = fields;
		this.units = units;
	}

	@GetMapping("/console/segments")
	String list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("q", q);
		model.addAttribute("result", segments.list(q, new PageQuery(Math.max(page, 0), 20)));
		model.addAttribute("engine", segments.stats());
		return "console/segments";
	}

	@GetMapping("/console/segments/new")
	String create(Model model) {
		return builder(null, model);
	}

	@GetMapping("/console/segments/{id}")
	String edit(@PathVariable long id, Model model) {
		return builder(segments.get(id), model);
	}

	private String builder(SegmentView segment, Model model) {
		model.addAttribute("segment", segment);
		model.addAttribute("expression", segment == null ? "{\"and\":[]}" : JSON.writeValueAsString(segment.expression()));
		model.addAttribute("vocabulary", JSON.writeValueAsString(vocabulary()));
		return "console/segment";
	}

	/** The names the builder offers: tags by group, org units, custom fields, other segments. */
	private Map<String, Object> vocabulary() {
		Map<String, Object> v = new LinkedHashMap<>();
		List<Map<String, Object>> tags = new ArrayList<>();
		catalog.groups().forEach(g -> g.tags().forEach(t -> tags.add(Map.of("id", t.id(), "name", t.name(), "group", g.name()))));
		v.put("tags", tags);
		v.put("units", units.tree().stream().map(u -> Map.of("id", u.id(), "name", u.name(), "depth", u.depth())).toList());
		v.put("fields", fields.definitions(false).stream().map(f -> Map.of("id", f.id(), "code", f.code(), "label", f.label(),
				"type", f.type().name(), "options", f.options())).toList());
		v.put("segments", segments.list(null, new PageQuery(0, 200)).items().stream()
			.map(s -> Map.of("id", s.id(), "name", s.name())).toList());
		return v;
	}

	/** The builder's live preview: count, text form and sample, or where the condition is wrong. */
	@PostMapping("/console/segments/preview")
	String preview(@RequestParam String expression, Model model) {
		try {
			Expr expr = segments.read(expression);
			model.addAttribute("preview", segments.preview(expr, 10));
		}
		catch (SegmentException e) {
			model.addAttribute("problem", e.getMessage());
		}
		return "console/segment :: preview";
	}

	/** Text form → JSON form, for the builder's "edit as text". */
	@PostMapping(value = "/console/segments/parse", produces = "application/json")
	@ResponseBody
	org.springframework.http.ResponseEntity<String> parse(@RequestParam String text) {
		try {
			return org.springframework.http.ResponseEntity.ok(SegmentJson.write(segments.read(text)));
		}
		catch (SegmentException e) {
			return org.springframework.http.ResponseEntity.status(HttpStatus.BAD_REQUEST)
				.body(JSON.writeValueAsString(Map.of("error", e.getMessage())));
		}
	}

	@PostMapping("/console/segments")
	String save(@RequestParam(required = false) Long id, @RequestParam String name,
			@RequestParam(defaultValue = "DYNAMIC") String kind, @RequestParam String expression, RedirectAttributes flash) {
		Expr expr = segments.read(expression);
		SegmentView saved = id == null ? segments.create(name, kind, expr) : segments.update(id, name, expr);
		flash.addFlashAttribute("flash", "segment.saved");
		return "redirect:/console/segments/" + saved.id();
	}

	@PostMapping("/console/segments/{id}/delete")
	String delete(@PathVariable long id, RedirectAttributes flash) {
		segments.delete(id);
		flash.addFlashAttribute("flash", "segment.deleted");
		return "redirect:/console/segments";
	}
}
