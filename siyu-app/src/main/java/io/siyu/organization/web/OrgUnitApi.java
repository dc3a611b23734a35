package io.siyu.organization.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.siyu.organization.OrgUnit;
import io.siyu.organization.OrgUnitKind;
import io.siyu.organization.OrgUnits;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;

@RestController
@RequestMapping("/api/v1/org-units")
class OrgUnitApi {

	private final OrgUnits units;

	OrgUnitApi(OrgUnits units) {
		this.units = units;
	}

	@GetMapping
	Page<OrgUnit> list(@RequestParam(required = false) String q, @RequestParam(required = false) Long parentId,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return units.list(q, parentId, PageQuery.of(page, size));
	}

	@GetMapping("/{id}")
	OrgUnit get(@PathVariable long id) {
		return units.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	OrgUnit create(@Valid @RequestBody NewOrgUnit body) {
		return units.create(body.parentId(), body.name(), body.kind());
	}

	@PatchMapping("/{id}")
	OrgUnit update(@PathVariable long id, @Valid @RequestBody OrgUnitPatch body) {
		return units.update(id, body.name(), body.parentId(), body.kind(), body.sortOrder());
	}

	record NewOrgUnit(Long parentId, @NotBlank @Size(max = 100) String name, OrgUnitKind kind) {
	}

	record OrgUnitPatch(@Size(min = 1, max = 100) String name, Long parentId, OrgUnitKind kind, Integer sortOrder) {
	}
}
