package io.siyu.organization.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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

import io.siyu.organization.Staff;
import io.siyu.organization.StaffChange;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffFilter;
import io.siyu.organization.StaffStatus;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;

@RestController
@RequestMapping("/api/v1/staff")
class StaffApi {

	private final StaffDirectory staff;

	StaffApi(StaffDirectory staff) {
		this.staff = staff;
	}

	@GetMapping
	Page<Staff> list(@RequestParam(required = false) String q, @RequestParam(required = false) Long unitId,
			@RequestParam(required = false) StaffStatus status, @RequestParam(required = false) Long personaId,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return staff.list(new StaffFilter(q, unitId, status, personaId), PageQuery.of(page, size));
	}

	@GetMapping("/{id}")
	Staff get(@PathVariable long id) {
		return staff.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Staff create(@Valid @RequestBody NewStaff body) {
		return staff.create(body.userid(), body.name(), body.orgUnitId(), body.position(), body.personaId());
	}

	@PatchMapping("/{id}")
	Staff update(@PathVariable long id, @Valid @RequestBody StaffPatch body) {
		return staff.update(id, new StaffChange(body.name(), body.orgUnitId(), body.position(), body.personaId(),
				Boolean.TRUE.equals(body.clearPersona()), body.status()));
	}

	record NewStaff(@NotBlank @Size(max = 64) String userid, @NotBlank @Size(max = 100) String name,
			@NotNull Long orgUnitId, @Size(max = 100) String position, Long personaId) {
	}

	record StaffPatch(@Size(min = 1, max = 100) String name, Long orgUnitId, @Size(max = 100) String position,
			Long personaId, Boolean clearPersona, StaffStatus status) {
	}
}
