package io.siyu.tagging.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.tagging.AutoTagRuleView;
import io.siyu.tagging.AutoTagRules;

/**
 * {@code /api/v1/auto-tag-rules}: {@code {"name", "kind", "param", "tagIds"}}; kinds at {@code /kinds} (CHANNEL,
 * GROUP_JOIN, LINK_CLICK, PURCHASE, POINTS, LEVEL and those later modules add). Changes need TAGS_MANAGE.
 */
@RestController
@RequestMapping("/api/v1/auto-tag-rules")
class AutoTagRuleApi {

	private final AutoTagRules rules;

	AutoTagRuleApi(AutoTagRules rules) {
		this.rules = rules;
	}

	@GetMapping
	Page<AutoTagRuleView> list(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return rules.list(PageQuery.of(page, size));
	}

	@GetMapping("/kinds")
	List<String> kinds() {
		return rules.kinds();
	}

	@GetMapping("/{id}")
	AutoTagRuleView get(@PathVariable long id) {
		return rules.get(id);
	}

	@PostMapping
	ResponseEntity<AutoTagRuleView> create(@RequestBody RuleBody body) {
		return ResponseEntity.status(HttpStatus.CREATED).body(rules.create(body.name(), body.kind(), body.param(),
				body.tagIds()));
	}

	@PatchMapping("/{id}")
	AutoTagRuleView update(@PathVariable long id, @RequestBody RuleBody body) {
		return rules.update(id, body.name(), body.param(), body.tagIds(), body.enabled());
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		rules.delete(id);
		return ResponseEntity.noContent().build();
	}

	record RuleBody(String name, String kind, String param, List<Long> tagIds, Boolean enabled) {
	}
}
