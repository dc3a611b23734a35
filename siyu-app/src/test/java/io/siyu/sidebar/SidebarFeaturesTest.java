package io.siyu.sidebar;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.siyu.customer.CustomField;
import io.siyu.customer.CustomFields;
import io.siyu.customer.Timeline;
import io.siyu.customer.TimelineKinds;
import io.siyu.organization.Corps;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.wecom.sync.WeComSync;

/**
 * What a member does in the sidebar, over HTTP against the sandbox: the customer card, tags marked in WeCom, notes
 * (once per form), stage, custom fields, their remark (changed in WeCom), groups, the timeline page by page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SidebarFeaturesTest {

	private static final Pattern MORE = Pattern.compile("timeline\\?before=(\\d+)");

	@LocalServerPort
	int port;

	@Autowired
	Corps corps;

	@Autowired
	WeComSync sync;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Timeline timeline;

	@Autowired
	CustomFields fields;

	WeComSandbox sandbox;

	SidebarWorld world;

	SidebarBrowser phone;

	long customerId;

	String base;

	@BeforeAll
	void start() {
		sandbox = WeComSandbox.builder().port(0).seed(23).build().start();
		world = SidebarWorld.create(corps, sandbox, sync);
		customerId = jdbc.sql("select id from customer where corp_id = ? and external_userid = ?")
			.params(world.corpId(), world.customer()).query(Long.class).single();
		base = "/h5/" + world.corp() + "/sidebar/customers/" + customerId;
		Actors.runAs(Actor.system(world.corpId()), () -> {
			fields.define("level", "会员等级", CustomField.Type.SINGLE, List.of("普通", "金卡"));
			fields.define("hobbies", "爱好", CustomField.Type.MULTI, List.of("咖啡", "茶"));
			fields.define("spend", "年消费", CustomField.Type.NUMBER, null);
			fields.define("birthday", "生日", CustomField.Type.DATE, null);
		});
	}

	@AfterAll
	void stop() {
		sandbox.stop();
	}

	@BeforeEach
	void signIn() {
		phone = new SidebarBrowser(port);
		assertThat(phone.follow(world.page(world.customer())).statusCode()).isEqualTo(200);
	}

	@Test
	void thePageShowsTheCardTagsFieldsAndOnlyTheGroupsTheMemberMaySee() {
		HttpResponse<String> page = phone.get(world.page(world.customer()));

		String body = page.body();
		assertThat(body).contains("id=\"card\"", "id=\"tags\"", "id=\"note-form\"", "id=\"fields\"", "id=\"timeline-items\"");
		for (String tag : tagNames(customerTags())) {
			assertThat(body).contains(">" + tag + "<");
		}
		assertThat(body).contains("会员等级", "爱好", "年消费", "生日");
		assertThat(body).contains(SidebarWorld.GUIDES_GROUP).doesNotContain(SidebarWorld.COLLEAGUES_GROUP);
		assertThat(phone.get(base + "/timeline?show=relation", "HX-Request", "true").body()).contains("添加好友");
		assertThat(phone.get(world.page(world.customer()) + "&lang=en").body()).contains("Corp tags", "Add a note");
	}

	@Test
	void aTagChosenInTheSidebarIsMarkedInWeCom() {
		HttpResponse<String> editor = phone.get(base + "/tags/edit", "HX-Request", "true");
		assertThat(editor.statusCode()).isEqualTo(200);
		Set<Long> carried = customerTags();
		long chosen = jdbc.sql("select id from tag where corp_id = ? and deleted_at is null and wecom_id is not null"
				+ " order by id").param(world.corpId()).query(Long.class).list().stream().filter(t -> !carried.contains(t))
			.findFirst().orElseThrow();
		assertThat(editor.body()).contains("value=\"" + chosen + "\"");

		HttpResponse<String> saved = phone.post(base + "/tags", form(carried, "shown") + "&" + form(carried, "tag") + "&tag=" + chosen);

		assertThat(saved.statusCode()).isEqualTo(200);
		assertThat(saved.body()).contains("data-tag=\"" + chosen + "\"");
		assertThat(saved.headers().firstValue("HX-Trigger")).hasValue("timeline-changed");
		assertThat(world.wecom().tagsOf(world.guide(), world.customer())).contains(wecomId(chosen));
		assertThat(customerTags()).contains(chosen);
		assertThat(kinds()).contains(TimelineKinds.TAGGED);

		Set<Long> now = customerTags();
		HttpResponse<String> removed = phone.post(base + "/tags", form(now, "shown") + "&"
				+ form(now.stream().filter(t -> t != chosen).toList(), "tag"));
		assertThat(removed.statusCode()).isEqualTo(200);
		assertThat(world.wecom().tagsOf(world.guide(), world.customer())).doesNotContain(wecomId(chosen));
		assertThat(customerTags()).doesNotContain(chosen);
	}

	@Test
	void anUnknownTagChangesNothing() {
		List<String> before = world.wecom().tagsOf(world.guide(), world.customer());
		HttpResponse<String> refused = phone.post(base + "/tags", "tag=987654321");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("HX-Retarget")).hasValue("#notice");
		assertThat(world.wecom().tagsOf(world.guide(), world.customer())).isEqualTo(before);
		assertThat(phone.post(base + "/tags", "tag=notanumber").statusCode()).isEqualTo(400);
	}

	@Test
	void aNoteIsStoredOnceEvenWhenTheFormIsSentTwice() {
		String key = SidebarNotes.newFormKey();
		long before = count(TimelineKinds.NOTE);

		HttpResponse<String> first = phone.post(base + "/notes", "key=" + key + "&text=" + enc("客户想了解新品拿铁"));
		HttpResponse<String> again = phone.post(base + "/notes", "key=" + key + "&text=" + enc("客户想了解新品拿铁"));

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).contains("跟进已保存").contains("name=\"key\"").doesNotContain(key);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.body()).contains("已经保存过");
		assertThat(count(TimelineKinds.NOTE)).isEqualTo(before + 1);
		HttpResponse<String> feed = phone.get(base + "/timeline?show=notes", "HX-Request", "true");
		assertThat(feed.body()).contains("客户想了解新品拿铁").contains(nameOfGuide());
	}

	@Test
	void blankOrOverlongNotesAreRefused() {
		long before = count(TimelineKinds.NOTE);
		assertThat(phone.post(base + "/notes", "key=" + SidebarNotes.newFormKey() + "&text=%20%20").statusCode())
			.isEqualTo(400);
		assertThat(phone.post(base + "/notes", "key=" + SidebarNotes.newFormKey() + "&text=" + "字".repeat(1001))
			.statusCode()).isEqualTo(400);
		assertThat(phone.post(base + "/notes", "key=x&text=hello").statusCode()).isEqualTo(400);
		assertThat(count(TimelineKinds.NOTE)).isEqualTo(before);
	}

	@Test
	void theTimelineScrollsPageByPageWithoutGapsOrRepeats() {
		Actors.runAs(Actor.system(world.corpId()), () -> {
			for (int i = 0; i < 45; i++) {
				timeline.append(customerId, TimelineKinds.NOTE, Instant.now().minusSeconds(3600 + i), world.guide(), null,
						null, "旧跟进 " + i);
			}
		});
		List<Long> ids = new ArrayList<>();
		String next = base + "/timeline";
		int pages = 0;
		while (next != null) {
			HttpResponse<String> page = phone.get(next, "HX-Request", "true");
			assertThat(page.statusCode()).isEqualTo(200);
			Matcher items = Pattern.compile("data-id=\"(\\d+)\"").matcher(page.body());
			int n = 0;
			while (items.find()) {
				ids.add(Long.valueOf(items.group(1)));
				n++;
			}
			assertThat(n).isLessThanOrEqualTo(TimelineFeed.PAGE);
			Matcher more = MORE.matcher(page.body());
			next = more.find() ? base + "/timeline?before=" + more.group(1) + "&show=all" : null;
			pages++;
		}
		long total = jdbc.sql("select count(*) from customer_event where customer_id = ?").param(customerId)
			.query(Long.class).single();
		assertThat(ids).hasSize((int) total).doesNotHaveDuplicates();
		assertThat(pages).isGreaterThanOrEqualTo(3);

		String notesOnly = phone.get(base + "/timeline?show=notes", "HX-Request", "true").body();
		assertThat(notesOnly).contains("data-kind=\"note\"").doesNotContain("data-kind=\"followed\"");
	}

	@Test
	void theStageIsSetAndABadStageIsRefused() {
		HttpResponse<String> set = phone.post(base + "/stage", "stage=LOYAL");
		assertThat(set.statusCode()).isEqualTo(200);
		assertThat(stage()).isEqualTo("LOYAL");
		assertThat(kinds()).contains(TimelineKinds.STAGE_CHANGED);

		assertThat(phone.post(base + "/stage", "stage=KING").statusCode()).isEqualTo(400);
		assertThat(stage()).isEqualTo("LOYAL");
	}

	@Test
	void customFieldsAreSavedOnlyWhenTheyChangeAndBadValuesChangeNothing() {
		String form = "present.level=1&f.level=" + enc("金卡") + "&present.hobbies=1&f.hobbies=" + enc("咖啡") + "&f.hobbies="
				+ enc("茶") + "&present.spend=1&f.spend=1234.5&present.birthday=1&f.birthday=1990-05-01";
		long edits = count(TimelineKinds.FIELDS_EDITED);

		HttpResponse<String> saved = phone.post(base + "/fields", form);

		assertThat(saved.statusCode()).isEqualTo(200);
		assertThat(saved.body()).contains("金卡", "咖啡、茶", "1234.5", "1990-05-01");
		assertThat(count(TimelineKinds.FIELDS_EDITED)).isEqualTo(edits + 1);
		assertThat(phone.post(base + "/fields", form).statusCode()).isEqualTo(200);
		assertThat(count(TimelineKinds.FIELDS_EDITED)).as("nothing changed, nothing recorded").isEqualTo(edits + 1);

		HttpResponse<String> bad = phone.post(base + "/fields", "present.spend=1&f.spend=lots&present.level=1&f.level=");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(phone.get(base + "/fields", "HX-Request", "true").body()).contains("金卡", "1234.5");

		HttpResponse<String> cleared = phone.post(base + "/fields", "present.hobbies=1");
		assertThat(cleared.body()).doesNotContain("咖啡、茶");
	}

	@Test
	void theMembersRemarkIsChangedInWeComAndShownAtOnce() {
		HttpResponse<String> saved = phone.post(base + "/remark", "remark=" + enc("王姐 老顾客") + "&description="
				+ enc("每周三来店"));

		assertThat(saved.statusCode()).isEqualTo(200);
		assertThat(saved.body()).contains("王姐 老顾客", "每周三来店");
		assertThat(remark()).isEqualTo("王姐 老顾客");

		HttpResponse<String> tooLong = phone.post(base + "/remark", "remark=" + enc("备".repeat(21)));
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(remark()).isEqualTo("王姐 老顾客");
	}

	// ---------------------------------------------------------------------------------------------------------

	Set<Long> customerTags() {
		return new HashSet<>(jdbc.sql("select distinct tag_id from customer_tag where customer_id = ?").param(customerId)
			.query(Long.class).list());
	}

	List<String> tagNames(Set<Long> ids) {
		return ids.stream().map(id -> jdbc.sql("select name from tag where id = ?").param(id).query(String.class).single())
			.toList();
	}

	String wecomId(long tagId) {
		return jdbc.sql("select wecom_id from tag where id = ?").param(tagId).query(String.class).single();
	}

	List<String> kinds() {
		return jdbc.sql("select kind from customer_event where customer_id = ?").param(customerId).query(String.class).list();
	}

	long count(String kind) {
		return jdbc.sql("select count(*) from customer_event where customer_id = ? and kind = ?").params(customerId, kind)
			.query(Long.class).single();
	}

	String stage() {
		return jdbc.sql("select stage from customer where id = ?").param(customerId).query(String.class).single();
	}

	String remark() {
		return jdbc.sql("select remark from customer_follow where customer_id = ? and userid = ?")
			.params(customerId, world.guide()).query(String.class).single();
	}

	String nameOfGuide() {
		return jdbc.sql("select name from staff where corp_id = ? and userid = ?").params(world.corpId(), world.guide())
			.query(String.class).single();
	}

	static String form(java.util.Collection<Long> ids, String name) {
		return String.join("&", ids.stream().map(id -> name + "=" + id).toList());
	}

	static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}
}
