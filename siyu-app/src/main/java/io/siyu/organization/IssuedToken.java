package io.siyu.organization;

/** A freshly issued API token: the only moment the token itself is visible. */
public record IssuedToken(long id, String token) {

	@Override
	public String toString() {
		return "IssuedToken[" + id + "]";
	}
}
