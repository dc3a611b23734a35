package io.siyu.sidebar;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpSession;

import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;

/** Reaches into the running Tomcat's sessions so a test can age a sign-in instead of waiting hours. */
final class ServerSessions {

	private ServerSessions() {
	}

	static HttpSession find(ApplicationContext app, String sessionId) {
		TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) app).getWebServer();
		Context context = (Context) server.getTomcat().getHost().findChildren()[0];
		try {
			Session session = context.getManager().findSession(sessionId);
			if (session == null) {
				throw new IllegalStateException("No session " + sessionId);
			}
			return session.getSession();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Moves the sidebar sign-in of the session back in time by {@code age}. */
	static void ageSignIn(ApplicationContext app, String sessionId, Duration age) {
		HttpSession session = find(app, sessionId);
		SecurityContext context = (SecurityContext) session.getAttribute(SidebarSecurity.CONTEXT_KEY);
		SidebarMember m = (SidebarMember) context.getAuthentication().getPrincipal();
		SidebarMember older = new SidebarMember(m.corpId(), m.wecomCorpId(), m.staffId(), m.userid(), m.name(),
				m.signedInAt().minus(age));
		session.setAttribute(SidebarSecurity.CONTEXT_KEY, new SecurityContextImpl(new SidebarAuthentication(older)));
	}
}
