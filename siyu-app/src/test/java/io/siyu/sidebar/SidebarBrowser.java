package io.siyu.sidebar;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A phone's browser without JavaScript, for sidebar tests: keeps cookies, follows redirects one hop at a time (so a
 * test can stop at WeCom's redirect and play with code and state), sends the CSRF header htmx would send.
 */
final class SidebarBrowser {

	private static final Pattern CSRF = Pattern.compile("&quot;([A-Za-z\\-]+)&quot;: &quot;([^&]+)&quot;");

	private final CookieManager cookies = new CookieManager();

	private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String base;

	private String csrfHeader;

	private String csrfToken;

	/** Every URL visited by {@link #follow}, in order. */
	final List<String> visited = new ArrayList<>();

	SidebarBrowser(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	HttpResponse<String> get(String pathOrUrl, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathOrUrl)).GET();
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		HttpResponse<String> response = send(request.build());
		Matcher m = CSRF.matcher(response.body());
		if (m.find()) {
			csrfHeader = m.group(1);
			csrfToken = m.group(2);
		}
		return response;
	}

	/** Follows redirects (also to the sandbox's authorize page) until a page answers; returns that answer. */
	HttpResponse<String> follow(String pathOrUrl) {
		String next = pathOrUrl;
		for (int hops = 0; hops < 10; hops++) {
			visited.add(local(next));
			HttpResponse<String> response = get(next);
			if (response.statusCode() / 100 != 3) {
				return response;
			}
			next = location(response);
		}
		throw new IllegalStateException("Too many redirects: " + visited);
	}

	/** An htmx form post with the page's CSRF header. */
	HttpResponse<String> post(String path, String form) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("HX-Request", "true")
			.header(csrfHeader == null ? "X-Ignored" : csrfHeader, csrfToken == null ? "" : csrfToken)
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
	}

	/** A form post without the CSRF header, as a forged cross-site form would arrive. */
	HttpResponse<String> postWithoutCsrf(String path, String form) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
	}

	String cookie(String name) {
		return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
			.map(HttpCookie::getValue).findFirst().orElse(null);
	}

	/** The Location of a redirect, absolute, without the fragment (WeCom's {@code #wechat_redirect}). */
	static String location(HttpResponse<String> response) {
		String location = response.headers().firstValue("Location").orElseThrow();
		int hash = location.indexOf('#');
		return hash < 0 ? location : location.substring(0, hash);
	}

	/** The app's own URLs as paths (Tomcat answers with absolute redirects). */
	String local(String url) {
		return url.startsWith(base + "/") ? url.substring(base.length()) : url;
	}

	/** Where a redirect of the app points, as a path when it stays in the app. */
	String redirect(HttpResponse<String> response) {
		return local(location(response));
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException | InterruptedException e) {
			throw new IllegalStateException(e);
		}
	}

	private URI uri(String pathOrUrl) {
		return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
	}
}
