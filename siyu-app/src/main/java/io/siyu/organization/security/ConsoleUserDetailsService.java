package io.siyu.organization.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

import io.siyu.shared.Role;

/** Loads console users for the login form; users of deactivated corps cannot log in. */
@Component
class ConsoleUserDetailsService implements UserDetailsService {

	private final JdbcClient jdbc;

	ConsoleUserDetailsService(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		return jdbc.sql("select a.id, a.username, a.password_hash, a.role, a.enabled and (c.id is null or c.active) as ok"
				+ " from app_user a left join corp c on c.id = a.corp_id where a.username = ?")
			.param(username)
			.query((rs, i) -> new ConsoleUser(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash"),
					Role.valueOf(rs.getString("role")), rs.getBoolean("ok")))
			.optional()
			.orElseThrow(() -> new UsernameNotFoundException("No such user"));
	}
}
