package io.siyu.organization.security;

import java.time.Clock;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import io.siyu.organization.ApiTokens;
import io.siyu.organization.Corps;
import io.siyu.shared.web.IdempotencyFilter;

/**
 * Two doors: the REST API (stateless bearer tokens, no CSRF, problem-detail errors) and the console (form login
 * with bcrypt, CSRF, session fixation protection, throttled logins). Both bind the acting {@code Actor} after
 * authentication, which is what scopes every query below the controllers.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String[] PUBLIC = { "/login", "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico",
			"/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**",
			"/swagger-ui.html", "/swagger-ui/**", "/error" };

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder();
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, JdbcClient jdbc, Corps corps,
			IdempotencyFilter idempotency) throws Exception {
		ActorBindingFilter actors = new ActorBindingFilter(jdbc, corps);
		return http.securityMatcher("/api/**")
			.csrf(csrf -> csrf.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
			.addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
			.addFilterAfter(actors, AuthorizationFilter.class)
			.addFilterAfter(idempotency, ActorBindingFilter.class)
			.exceptionHandling(e -> e.authenticationEntryPoint(ProblemResponses.unauthorized())
				.accessDeniedHandler(ProblemResponses.forbidden()))
			.build();
	}

	/**
	 * WeCom callbacks authenticate by signature (checked in the wecom module), not by session, token or principal, and
	 * nothing of Spring Security applies to a server-to-server POST (no CSRF, session, request cache, browser headers).
	 * Hundreds arrive per second in a burst of adds, each with a 20-second welcome behind it, so they skip the filter
	 * chain altogether (Spring Security warns about ignored paths at start; this one is deliberate): in the W6 profile the
	 * chain and its per-filter observations were about a sixth of the callback intake's CPU.
	 */
	@Bean
	WebSecurityCustomizer callbacksBySignature() {
		return web -> web.ignoring().requestMatchers("/wecom/callback/**");
	}

	@Bean
	@Order(10)
	SecurityFilterChain console(HttpSecurity http, ConsoleUserDetailsService users, LoginThrottle throttle,
			PasswordEncoder encoder, JdbcClient jdbc, Corps corps, Clock clock) throws Exception {
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
		passwords.setPasswordEncoder(encoder);
		return http
			.authorizeHttpRequests(auth -> auth.requestMatchers(PUBLIC).permitAll().anyRequest().authenticated())
			.authenticationProvider(new ThrottledAuthenticationProvider(passwords, throttle, jdbc, clock))
			.formLogin(form -> form.loginPage("/login")
				.defaultSuccessUrl("/console", true)
				.failureHandler((request, response, e) -> response.sendRedirect(
						request.getContextPath() + (e instanceof LockedException ? "/login?locked" : "/login?error"))))
			.logout(logout -> logout.logoutSuccessUrl("/login?logout"))
			.sessionManagement(s -> s.sessionFixation(fixation -> fixation.changeSessionId()))
			.addFilterAfter(new ActorBindingFilter(jdbc, corps), AuthorizationFilter.class)
			.build();
	}

	/** The idempotency filter runs inside the API chain only, not as a servlet filter of its own. */
	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilterRegistration(IdempotencyFilter filter) {
		FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setEnabled(false);
		return registration;
	}
}
