package io.siyu.sidebar;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.siyu.organization.Staff;
import io.siyu.shared.Actors;

/**
 * Checks a sidebar sign-in on every request and binds the member's guide actor: the sign-in must be for the corp in
 * the URL, younger than the session lifetime, and its member still on the job in an active corp. Otherwise the
 * sign-in is forgotten and the request continues unauthenticated (→ WeCom is asked again).
 */
class SidebarSessionFilter extends OncePerRequestFilter {

	private final SidebarCorps corps;

	private final SidebarSettings settings;

	private final Clock clock;

	SidebarSessionFilter(SidebarCorps corps, SidebarSettings settings, Clock clock) {
		this.corps = corps;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		if (!(auth instanceof SidebarAuthentication signedIn)) {
			chain.doFilter(request, response);
			return;
		}
		SidebarMember member = signedIn.getPrincipal();
		Optional<Staff> staff = valid(member, SidebarCorps.corpInPath(request.getRequestURI()
			.substring(request.getContextPath().length())));
		if (staff.isEmpty()) {
			forget(request);
			chain.doFilter(request, response);
			return;
		}
		request.setAttribute(SidebarMember.REQUEST_ATTRIBUTE, member);
		Actors.bind(SidebarCorps.actorOf(member, staff.get()));
		try {
			chain.doFilter(request, response);
		}
		finally {
			Actors.clear();
		}
	}

	private Optional<Staff> valid(SidebarMember member, String pathCorp) {
		if (!member.wecomCorpId().equals(pathCorp)
				|| !member.signedInAt().plus(settings.sessionLifetime()).isAfter(clock.instant())
				|| !corps.find(pathCorp).map(id -> id == member.corpId()).orElse(false)) {
			return Optional.empty();
		}
		return corps.activeStaff(member.corpId(), member.staffId());
	}

	/** Another corp, expired, or the member left: the sign-in ends here (a new one goes through WeCom again). */
	private static void forget(HttpServletRequest request) {
		SecurityContextHolder.clearContext();
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(SidebarSecurity.CONTEXT_KEY);
		}
	}
}
