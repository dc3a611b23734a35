package io.siyu.sidebar;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * The sidebar's own door, separate from the console's form login: {@code /h5/**} is signed in through WeCom's OAuth
 * only, kept under its own session key (a console login does not open the sidebar, nor the other way round), with
 * CSRF protection on every write. Who may see what is decided below the controllers by the guide actor the
 * {@link SidebarSessionFilter} binds.
 */
@Configuration(proxyBeanMethods = false)
class SidebarSecurity {

	static final String CONTEXT_KEY = "SIYU_SIDEBAR_SECURITY_CONTEXT";

	@Bean
	HttpSessionSecurityContextRepository sidebarContexts() {
		HttpSessionSecurityContextRepository repository = new HttpSessionSecurityContextRepository();
		repository.setSpringSecurityContextKey(CONTEXT_KEY);
		repository.setAllowSessionCreation(false);
		return repository;
	}

	@Bean
	@Order(3)
	SecurityFilterChain sidebar(HttpSecurity http, HttpSessionSecurityContextRepository sidebarContexts,
			SidebarCorps corps, SidebarSettings settings, Clock clock, SidebarEntryPoint entryPoint) throws Exception {
		// not a bean: Spring Boot would also register it as a servlet filter for every request
		SidebarSessionFilter sessions = new SidebarSessionFilter(corps, settings, clock);
		return http.securityMatcher("/h5/**")
			.securityContext(context -> context.securityContextRepository(sidebarContexts))
			.requestCache(cache -> cache.disable())
			.sessionManagement(session -> session.sessionFixation(fixation -> fixation.none()))
			.authorizeHttpRequests(auth -> auth.requestMatchers("/h5/*/sidebar/signin", "/h5/*/sidebar/oauth")
				.permitAll()
				.anyRequest()
				.authenticated())
			.addFilterBefore(sessions, AuthorizationFilter.class)
			.exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
			.headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()))
			.build();
	}
}
