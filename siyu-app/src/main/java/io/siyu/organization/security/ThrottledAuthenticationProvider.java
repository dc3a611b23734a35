package io.siyu.organization.security;

import java.time.Clock;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import io.siyu.shared.Timestamps;

/** Password login (bcrypt) that refuses throttled usernames and addresses before even checking the password. */
class ThrottledAuthenticationProvider implements AuthenticationProvider {

	private final DaoAuthenticationProvider passwords;

	private final LoginThrottle throttle;

	private final JdbcClient jdbc;

	private final Clock clock;

	ThrottledAuthenticationProvider(DaoAuthenticationProvider passwords, LoginThrottle throttle, JdbcClient jdbc,
			Clock clock) {
		this.passwords = passwords;
		this.throttle = throttle;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String username = authentication.getName();
		String address = authentication.getDetails() instanceof WebAuthenticationDetails details
				? details.getRemoteAddress() : null;
		throttle.lockedUntil(username, address).ifPresent(until -> {
			throw new LockedException("Too many failed logins; try again after " + until);
		});
		try {
			Authentication result = passwords.authenticate(authentication);
			throttle.succeeded(username);
			if (result != null && result.getPrincipal() instanceof ConsoleUser user) {
				jdbc.sql("update app_user set last_login_at = ? where id = ?")
					.params(Timestamps.of(Instant.now(clock)), user.id())
					.update();
			}
			return result;
		}
		catch (BadCredentialsException e) {
			throttle.failed(username, address);
			throw e;
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}
}
