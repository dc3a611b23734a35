package io.siyu.sidebar;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Not signed in (or no longer): a page is sent to the sign-in, which asks WeCom who is browsing and comes back to it;
 * an htmx request gets 401 and tells the page to reload itself, which signs in again the same way. Unknown corps get
 * 404 before anything else.
 */
@Component
class SidebarEntryPoint implements AuthenticationEntryPoint {

	private final SidebarCorps corps;

	SidebarEntryPoint(SidebarCorps corps) {
		this.corps = corps;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
			throws IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String corp = SidebarCorps.corpInPath(path);
		if (corps.find(corp).isEmpty()) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		String home = SidebarPaths.home(corp);
		if (request.getHeader("HX-Request") != null) {
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			String current = SidebarPaths.localPart(request.getHeader("HX-Current-URL"));
			response.setHeader("HX-Redirect", request.getContextPath()
					+ (SidebarPaths.isPage(corp, current) ? current : home));
			return;
		}
		String next = "GET".equals(request.getMethod()) && request.getQueryString() != null ? path + "?" + request.getQueryString()
				: "GET".equals(request.getMethod()) ? path : home;
		response.sendRedirect(request.getContextPath() + UriComponentsBuilder.fromPath(SidebarPaths.signIn(corp))
			.queryParam("next", "{next}")
			.encode()
			.buildAndExpand(next)
			.toUriString());
	}
}
