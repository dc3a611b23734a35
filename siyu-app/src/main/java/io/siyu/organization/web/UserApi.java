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

import io.siyu.organization.NewUser;
import io.siyu.organization.UserAccount;
import io.siyu.organization.UserAccounts;
import io.siyu.organization.UserChange;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role;

@RestController
@RequestMapping("/api/v1/users")
class UserApi {

	private final UserAccounts users;

	UserApi(UserAccounts users) {
		this.users = users;
	}

	@GetMapping
	Page<UserAccount> list(@RequestParam(required = false) String q, @RequestParam(required = false) Role role,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return users.list(q, role, PageQuery.of(page, size));
	}

	@GetMapping("/{id}")
	UserAccount get(@PathVariable long id) {
		return users.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	UserAccount create(@Valid @RequestBody NewUserBody body) {
		return users.create(new NewUser(body.username(), body.displayName(), body.password(), body.role(),
				body.scopeUnitId(), body.staffId()));
	}

	@PatchMapping("/{id}")
	UserAccount update(@PathVariable long id, @Valid @RequestBody UserPatch body) {
		return users.update(id, new UserChange(body.displayName(), body.role(), body.scopeUnitId(), body.staffId(),
				body.enabled(), body.password()));
	}

	record NewUserBody(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 100) String displayName,
			@NotBlank @Size(min = 8, max = 72) String password, @NotNull Role role, Long scopeUnitId, Long staffId) {
	}

	record UserPatch(@Size(min = 1, max = 100) String displayName, Role role, Long scopeUnitId, Long staffId,
			Boolean enabled, @Size(min = 8, max = 72) String password) {
	}
}
