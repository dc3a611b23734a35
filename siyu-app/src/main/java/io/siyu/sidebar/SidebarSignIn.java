package io.siyu.sidebar;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.siyu.organization.Staff;
import io.siyu.wecom.WeComException;
import io.siyu.wecom.WeComOAuth;

/**
 * Signs a member in through WeCom's web OAuth: send the browser to WeCom with a fresh state, take WeCom's code back,
 * check the state against this browser's session, exchange the code server-side for the member's userid, and accept
 * only an on-the-job member of this corp. A userid in the URL is never read.
 */
@Controller
class SidebarSignIn {

	private static final Logger log = LoggerFactory.getLogger(SidebarSignIn.class);

	private final SidebarCorps corps;

	private final PendingSignIns pending;

	private final WeComOAuth oauth;

	private final HttpSessionSecurityContextRepository contexts;

	private final Clock clock;

	SidebarSignIn(SidebarCorps corps, PendingSignIns pending, WeComOAuth oauth,
			HttpSessionSecurityContextRepository sidebarContexts, Clock clock) {
		this.corps = corps;
		this.pending = pending;
		this.oauth = oauth;
		this.contexts = sidebarContexts;
		this.clock = clock;
	}

	@GetMapping("/h5/{corp}/sidebar/signin")
	void start(@PathVariable String corp, @RequestParam(required = false) String next, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		long corpId = corps.require(corp);
		String target = SidebarPaths.isPage(corp, next) ? next : SidebarPaths.home(corp);
		String state = pending.begin(request.getSession(true), corpId, target);
		String callback = ServletUriComponentsBuilder.fromContextPath(request)
			.path(SidebarPaths.callback(corp))
			.replaceQuery(null)
			.toUriString();
		response.sendRedirect(oauth.authorizeUrl(corpId, callback, state));
	}

	@GetMapping("/h5/{corp}/sidebar/oauth")
	String callback(@PathVariable String corp, @RequestParam(required = false) String code,
			@RequestParam(required = false) String state, HttpServletRequest request, HttpServletResponse response,
			Model model) throws IOException {
		long corpId = corps.require(corp);
		model.addAttribute("corp", corp);
		Optional<PendingSignIns.Pending> started = pending.take(request.getSession(false), state, corpId);
		if (started.isEmpty()) {
			return refuse(response, model, HttpServletResponse.SC_BAD_REQUEST, "sidebar.signin.badState");
		}
		Optional<String> userid;
		try {
			userid = oauth.memberOf(corpId, code);
		}
		catch (WeComException e) {
			if (e.errcode() == WeComOAuth.INVALID_CODE) {
				return refuse(response, model, HttpServletResponse.SC_UNAUTHORIZED, "sidebar.signin.badCode");
			}
			log.warn("Sidebar sign-in for corp {}: WeCom did not answer ({})", corpId, e.getMessage());
			return refuse(response, model, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "sidebar.signin.wecomDown");
		}
		Optional<Staff> staff = userid.flatMap(u -> corps.activeMember(corpId, u));
		if (staff.isEmpty()) {
			log.info("Sidebar sign-in for corp {} refused: {} is not a member on the job", corpId, userid.orElse("(no member)"));
			return refuse(response, model, HttpServletResponse.SC_FORBIDDEN, "sidebar.signin.notStaff");
		}
		request.changeSessionId();
		SidebarMember member = new SidebarMember(corpId, corp, staff.get().id(), staff.get().userid(), staff.get().name(),
				clock.instant());
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new SidebarAuthentication(member));
		SecurityContextHolder.setContext(context);
		contexts.saveContext(context, request, response);
		response.sendRedirect(request.getContextPath() + started.get().next());
		return null;
	}

	private static String refuse(HttpServletResponse response, Model model, int status, String messageKey) {
		response.setStatus(status);
		model.addAttribute("messageKey", messageKey);
		model.addAttribute("retry", true);
		return "sidebar/message";
	}
}
