package io.siyu.organization.security;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.siyu.organization.Corps;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Role;
import io.siyu.shared.Timestamps;

/**
 * Binds the {@link Actor} of an authenticated request for everything below the controllers. Console users are
 * re-read on every request, so a changed role, scope or a disabled account takes effect at once.
 */
class ActorBindingFilter extends OncePerRequestFilter {

	static final String SESSION_CORP = "siyu.corp";

	private final JdbcClient jdbc;

	private final Corps corps;

	ActorBindingFilter(JdbcClient jdbc, Corps corps) {
		this.jdbc = jdbc;
		this.corps = corps;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		Optional<Actor> actor = Optional.empty();
		if (auth != null && auth.getPrincipal() instanceof Actor tokenActor) {
			actor = Optional.of(tokenActor);
		}
		else if (auth != null && auth.getPrincipal() instanceof ConsoleUser user) {
			actor = consoleActor(user.id(), request.getSession(false));
			if (actor.isEmpty()) {
				// disabled or deleted since login: end the session
				HttpSession session = request.getSession(false);
				if (session != null) {
					session.invalidate();
				}
				SecurityContextHolder.clearContext();
				response.sendRedirect(request.getContextPath() + "/login?disabled");
				return;
			}
		}
		if (actor.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		Actors.bind(actor.get());
		try {
			chain.doFilter(request, response);
		}
		finally {
			Actors.clear();
		}
	}

	private Optional<Actor> consoleActor(long userId, HttpSession session) {
		return jdbc.sql("select a.id, a.corp_id, a.username, a.role, a.scope_unit_id, a.staff_id,"
				+ " s.org_unit_id as staff_unit from app_user a left join staff s on s.id = a.staff_id"
				+ " left join corp c on c.id = a.corp_id where a.id = ? and a.enabled = true"
				+ " and (c.id is null or c.active = true)")
			.param(userId)
			.query((rs, i) -> {
				Role role = Role.valueOf(rs.getString("role"));
				if (role == Role.PLATFORM_ADMIN) {
					Long chosen = session == null ? null : (Long) session.getAttribute(SESSION_CORP);
					Long corp = chosen != null ? chosen : corps.firstActiveCorpId().orElse(null);
					return Actor.platform(rs.getLong("id"), rs.getString("username"), corp);
				}
				Long unit = role == Role.GUIDE ? Timestamps.nullableLong(rs, "staff_unit")
						: Timestamps.nullableLong(rs, "scope_unit_id");
				return new Actor(rs.getLong("corp_id"), rs.getLong("id"), rs.getString("username"), Actor.Kind.USER,
						role, unit, Timestamps.nullableLong(rs, "staff_id"));
			})
			.optional();
	}
}
