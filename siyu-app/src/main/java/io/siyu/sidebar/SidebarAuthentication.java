package io.siyu.sidebar;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A sidebar sign-in: WeCom's OAuth named the member; no password, no console rights. */
final class SidebarAuthentication extends AbstractAuthenticationToken {

	private final SidebarMember member;

	SidebarAuthentication(SidebarMember member) {
		super(List.of(new SimpleGrantedAuthority("ROLE_SIDEBAR")));
		this.member = member;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public SidebarMember getPrincipal() {
		return member;
	}
}
