package io.siyu.sidebar;

import java.net.URI;

/** The sidebar's URLs, and the check that keeps a "come back to" address inside the sidebar of the same corp. */
final class SidebarPaths {

	private SidebarPaths() {
	}

	static String home(String corp) {
		return "/h5/" + corp + "/sidebar";
	}

	static String signIn(String corp) {
		return home(corp) + "/signin";
	}

	static String callback(String corp) {
		return home(corp) + "/oauth";
	}

	/**
	 * Whether {@code target} (path and query) is a sidebar page of this corp: a local path, no scheme or host, no
	 * backslashes or control characters — so the sign-in can never be made to redirect elsewhere.
	 */
	static boolean isPage(String corp, String target) {
		if (target == null || target.length() > 1000 || target.contains("\\") || target.contains("//")
				|| target.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
			return false;
		}
		String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
		return (path.equals(home(corp)) || path.startsWith(home(corp) + "/")) && !path.contains("/../")
				&& !path.endsWith("/..") && !path.equals(signIn(corp)) && !path.equals(callback(corp));
	}

	/** Path and query of an absolute URL (htmx's HX-Current-URL), or null. */
	static String localPart(String url) {
		if (url == null) {
			return null;
		}
		try {
			URI uri = URI.create(url);
			String path = uri.getRawPath();
			return path == null ? null : path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}
}
