package io.siyu.organization.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.siyu.organization.ApiTokens;
import io.siyu.shared.Actor;

/** Authenticates {@code Authorization: Bearer <token>} on the REST API. Unknown tokens stay anonymous (→ 401). */
class BearerTokenFilter extends OncePerRequestFilter {

	private final ApiTokens tokens;

	BearerTokenFilter(ApiTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			tokens.authenticate(header.substring(7).trim()).ifPresent(actor -> {
				SecurityContextHolder.getContext().setAuthentication(new TokenAuthentication(actor));
			});
		}
		chain.doFilter(request, response);
	}

	/** An authenticated API token; its principal is the {@link Actor} itself. */
	static final class TokenAuthentication extends AbstractAuthenticationToken {

		private final Actor actor;

		TokenAuthentication(Actor actor) {
			super(List.of(new SimpleGrantedAuthority("ROLE_" + actor.role().name())));
			this.actor = actor;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Actor getPrincipal() {
			return actor;
		}
	}
}
