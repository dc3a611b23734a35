package io.siyu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.siyu.ConsoleBrowser;
import io.siyu.TestCorp;

/** Every role follows every link of its navigation: each page renders (the admin's in both languages), none errors. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleTourTest {

	private static final Pattern NAV_LINK = Pattern.compile("<nav>.*?</nav>", Pattern.DOTALL);

	private static final Pattern HREF = Pattern.compile("href=\"(/console[^\"]*)\"");

	@LocalServerPort
	int port;

	@Autowired
	TestCorp corps;

	@Test
	void everyRoleCanOpenEveryPageItIsShown() throws Exception {
		TestCorp.Fixture a = corps.create();
		for (String role : List.of("admin", "operator", "region", "store", "guide")) {
			ConsoleBrowser browser = new ConsoleBrowser(port);
			assertThat(browser.login(a.user(role), TestCorp.PASSWORD).headers().firstValue("Location").orElse(""))
				.endsWith("/console");
			String home = browser.get("/console").body();
			Matcher nav = NAV_LINK.matcher(home);
			assertThat(nav.find()).as(role + " sees a navigation").isTrue();
			Matcher links = HREF.matcher(nav.group());
			int pages = 0;
			while (links.find()) {
				for (String lang : role.equals("admin") ? List.of("zh-CN", "en") : List.of("zh-CN")) {
					HttpResponse<String> page = browser.get(links.group(1) + "?lang=" + lang);
					assertThat(page.statusCode()).as(role + " " + links.group(1) + " " + lang).isEqualTo(200);
					assertThat(page.body()).as(role + " " + links.group(1)).contains("<h1").doesNotContain("出错了")
						.doesNotContain("Something went wrong").doesNotContain("??");
				}
				pages++;
			}
			assertThat(pages).as(role).isGreaterThan(role.equals("guide") ? 20 : 25);
		}
	}
}
