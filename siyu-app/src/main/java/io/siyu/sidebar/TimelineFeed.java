package io.siyu.sidebar;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.siyu.community.CustomerGroups;
import io.siyu.community.GroupTimelineKinds;
import io.siyu.customer.TagLabels;
import io.siyu.customer.Timeline;
import io.siyu.customer.TimelineEntry;
import io.siyu.customer.TimelineKinds;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffPlacement;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;

/**
 * The customer's timeline as the sidebar shows it: pages of 20 for endless scrolling (the cursor is the last id
 * shown), optionally one kind of event, each entry said in the member's language with tag, group and staff names.
 */
@Component
class TimelineFeed {

	static final int PAGE = 20;

	/** The filters the sidebar offers, by name. */
	static final Map<String, List<String>> FILTERS = Map.of("notes", List.of(TimelineKinds.NOTE), "tags",
			List.of(TimelineKinds.TAGGED, TimelineKinds.UNTAGGED), "relation",
			List.of(TimelineKinds.FOLLOWED, TimelineKinds.UNFOLLOWED), "groups",
			List.of(GroupTimelineKinds.GROUP_JOINED, GroupTimelineKinds.GROUP_LEFT), "profile",
			List.of(TimelineKinds.STAGE_CHANGED, TimelineKinds.FIELDS_EDITED, TimelineKinds.PROFILE_EDITED,
					TimelineKinds.MERGED, TimelineKinds.IMPORTED));

	static final List<String> FILTER_ORDER = List.of("all", "notes", "tags", "relation", "groups", "profile");

	private final Timeline timeline;

	private final TagLabels tags;

	private final CustomerGroups groups;

	private final StaffDirectory staff;

	private final MessageSource messages;

	TimelineFeed(Timeline timeline, TagLabels tags, CustomerGroups groups, StaffDirectory staff,
			MessageSource messages) {
		this.timeline = timeline;
		this.tags = tags;
		this.groups = groups;
		this.staff = staff;
		this.messages = messages;
	}

	/** Entries strictly older than {@code before} (null: the newest). {@code show}: a filter name or "all". */
	Slice page(long customerId, Long before, String show) {
		List<String> kinds = FILTERS.getOrDefault(show, List.of());
		List<TimelineEntry> entries = timeline.page(customerId, before, PAGE + 1, kinds);
		boolean more = entries.size() > PAGE;
		List<TimelineEntry> shown = more ? entries.subList(0, PAGE) : entries;
		return new Slice(describe(shown), more ? shown.get(shown.size() - 1).id() : null,
				FILTERS.containsKey(show) ? show : "all");
	}

	private List<Item> describe(List<TimelineEntry> entries) {
		Set<Long> tagIds = new HashSet<>();
		Set<String> chats = new HashSet<>();
		Set<String> userids = new HashSet<>();
		for (TimelineEntry e : entries) {
			if (isTag(e.kind()) && e.ref() != null && e.ref().matches("\\d{1,18}")) {
				tagIds.add(Long.valueOf(e.ref()));
			}
			if (isGroup(e.kind()) && e.ref() != null) {
				chats.add(e.ref());
			}
			if (e.userid() != null) {
				userids.add(e.userid());
			}
			if (e.actor() != null) {
				userids.add(e.actor()); // sidebar members act under their userid
			}
		}
		Map<Long, TagLabels.Label> tagNames = tags.labels(tagIds);
		Map<String, String> groupNames = groups.names(chats);
		// colleagues' names on a customer the member may see; the guide's own scope would hide them
		Map<String, StaffPlacement> people = Actors.callAs(Actor.system(Actors.require().requireCorp()),
				() -> staff.placements(userids));
		Locale locale = LocaleContextHolder.getLocale();
		List<Item> items = new ArrayList<>(entries.size());
		for (TimelineEntry e : entries) {
			String who = name(e.userid(), people);
			if (who == null && e.actor() != null && !"system".equals(e.actor()) && !"wecom".equals(e.actor())) {
				who = people.containsKey(e.actor()) ? people.get(e.actor()).name() : e.actor();
			}
			items.add(new Item(e.id(), e.at(), e.kind(), label(e.kind(), locale), text(e, tagNames, groupNames, locale), who,
					e.amount()));
		}
		return items;
	}

	private String text(TimelineEntry e, Map<Long, TagLabels.Label> tagNames, Map<String, String> groupNames,
			Locale locale) {
		String kind = e.kind();
		if (isTag(kind)) {
			TagLabels.Label tag = e.ref() == null || !e.ref().matches("\\d{1,18}") ? null
					: tagNames.get(Long.valueOf(e.ref()));
			return tag == null ? e.ref() : tag.groupName() + " / " + tag.name();
		}
		if (isGroup(kind)) {
			return groupNames.getOrDefault(e.ref(), messages.getMessage("sidebar.timeline.aGroup", null, "", locale));
		}
		if (TimelineKinds.FOLLOWED.equals(kind)) {
			return e.ref() == null ? null : messages.getMessage("sidebar.timeline.channel", new Object[] { e.ref() }, locale);
		}
		if (TimelineKinds.UNFOLLOWED.equals(kind)) {
			return e.ref() == null ? null : messages.getMessage("sidebar.end." + e.ref(), null, e.ref(), locale);
		}
		if (TimelineKinds.STAGE_CHANGED.equals(kind)) {
			return e.ref() == null ? e.detail() : "→ " + messages.getMessage("sidebar.stage." + e.ref(), null, e.ref(), locale);
		}
		return e.detail() != null ? e.detail() : e.ref();
	}

	private static String name(String userid, Map<String, StaffPlacement> people) {
		if (userid == null) {
			return null;
		}
		return people.containsKey(userid) ? people.get(userid).name() : userid;
	}

	private String label(String kind, Locale locale) {
		return messages.getMessage("sidebar.kind." + kind, null, kind, locale);
	}

	private static boolean isTag(String kind) {
		return TimelineKinds.TAGGED.equals(kind) || TimelineKinds.UNTAGGED.equals(kind);
	}

	private static boolean isGroup(String kind) {
		return GroupTimelineKinds.GROUP_JOINED.equals(kind) || GroupTimelineKinds.GROUP_LEFT.equals(kind);
	}

	/** One page: the items, the cursor for the next page (null at the end), and the filter in force. */
	record Slice(List<Item> items, Long next, String show) {
	}

	/** {@code amount} in cents when the event has one (orders, coupons of later modules). */
	record Item(long id, Instant at, String kind, String label, String text, String who, Long amount) {

		public boolean note() {
			return TimelineKinds.NOTE.equals(kind);
		}
	}
}
