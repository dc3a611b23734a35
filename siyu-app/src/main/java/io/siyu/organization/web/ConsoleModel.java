package io.siyu.organization.web;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.siyu.organization.Corps;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;
import io.siyu.shared.web.Capabilities;

/** What every console page shows around its content: who is signed in, for which corp, and the navigation. */
@ControllerAdvice(annotations = Controller.class)
class ConsoleModel {

	private final Corps corps;

	ConsoleModel(Corps corps) {
		this.corps = corps;
	}

	@ModelAttribute("me")
	Me me() {
		return Actors.current().map(actor -> {
			String corpName = actor.corpId() == null ? null
					: corps.nameOf(actor.corpId()).orElse(null);
			Set<String> permissions = actor.role().permissions().stream().map(Enum::name).collect(Collectors.toSet());
			return new Me(actor.principal(), actor.role(), actor.corpId(), corpName, permissions);
		}).orElse(null);
	}

	@ModelAttribute("nav")
	List<Capabilities.Section> nav() {
		return Capabilities.sections();
	}

	@ModelAttribute("path")
	String path(HttpServletRequest request) {
		return request.getRequestURI();
	}

	/** The signed-in user as the layout needs them. */
	record Me(String username, Role role, Long corpId, String corpName, Set<String> permissions) {

		public boolean can(String permission) {
			return permission == null || permissions.contains(permission);
		}

		public boolean platform() {
			return role == Role.PLATFORM_ADMIN;
		}
	}

	static Actor actor() {
		return Actors.require();
	}
}
