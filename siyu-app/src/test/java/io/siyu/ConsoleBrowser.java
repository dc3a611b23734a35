package io.siyu;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A cookie-keeping HTTP client that behaves like a browser without JavaScript, for console tests. */
public final class ConsoleBrowser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final CookieManager cookies = new CookieManager();

	private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final int port;

	private String lastCsrf;

	public ConsoleBrowser(int port) {
		this.port = port;
	}

	public HttpResponse<String> get(String path) throws Exception {
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		Matcher m = CSRF.matcher(response.body());
		if (m.find()) {
			lastCsrf = m.group(1);
		}
		return response;
	}

	/** Posts a form; with {@code csrfFrom}, first loads that page and sends its CSRF token like a browser would. */
	public HttpResponse<String> post(String path, String form, String csrfFrom) throws Exception {
		if (csrfFrom != null) {
			get(csrfFrom);
			form = form + "&_csrf=" + lastCsrf;
		}
		return client.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Posts a multipart form with one file, sending the CSRF token of page {@code csrfFrom} like a browser would. */
	public HttpResponse<String> upload(String path, String field, String fileName, byte[] content, String csrfFrom)
			throws Exception {
		get(csrfFrom);
		String boundary = "----siyu" + System.nanoTime();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + lastCsrf + "\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		body.write(content);
		body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return client.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A download: the raw bytes of the response. */
	public HttpResponse<byte[]> download(String path) throws Exception {
		return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	public HttpResponse<String> login(String username, String password) throws Exception {
		return post("/login", "username=" + username + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8),
				"/login");
	}

	public String cookie(String name) {
		return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
			.map(HttpCookie::getValue).findFirst().orElse(null);
	}

	private URI uri(String path) {
		return URI.create(path.startsWith("http") ? path : "http://127.0.0.1:" + port + path);
	}
}
