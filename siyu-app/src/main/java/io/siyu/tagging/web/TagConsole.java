package io.siyu.tagging.web;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.LocalizedException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.PageQuery;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.web.ConsoleErrors;
import io.siyu.tagging.TagCatalog;
import io.siyu.tagging.TagGroupView;
import io.siyu.tagging.TagStatistics;
import io.siyu.tagging.TagView;

/**
 * 标签管理: tag groups and tags with customers per tag, sync state with WeCom, the 3,000-tag cap, a tag's 30-day trend;
 * create, rename and delete (TAGS_MANAGE), pushed to WeCom after commit.
 */
@Controller
class TagConsole {

	private static final int GROUPS_PER_PAGE = 10;

	private final TagCatalog catalog;

	private final TagStatistics statistics;

	private final ConsoleErrors errors;

	TagConsole(TagCatalog catalog, TagStatistics statistics, ConsoleErrors errors) {
		this.catalog = catalog;
		this.statistics = statistics;
		this.errors = errors;
	}

	@GetMapping("/console/tags")
	String page(@RequestParam(required = false) String q, @RequestParam(required = false) Long tag,
			@RequestParam(defaultValue = "0") int page, Model model) {
		Actor actor = Actors.require(Permission.CUSTOMERS_READ);
		String needle = q == null ? "" : q.trim();
		List<TagGroupView> all = catalog.groups().stream()
			.filter(g -> needle.isEmpty() || g.name().contains(needle) || g.tags().stream().anyMatch(t -> t.name().contains(needle)))
			.toList();
		PageQuery query = new PageQuery(Math.max(page, 0), GROUPS_PER_PAGE);
		int from = (int) Math.min(query.offset(), all.size());
		model.addAttribute("q", needle);
		model.addAttribute("result", query.with(all.subList(from, Math.min(from + GROUPS_PER_PAGE, all.size())), all.size()));
		model.addAttribute("counts", statistics.customersPerTag());
		long live = catalog.liveCount();
		model.addAttribute("live", live);
		model.addAttribute("cap", TagCatalog.CAP);
		model.addAttribute("capPercent", Math.min(100, live * 100 / TagCatalog.CAP));
		model.addAttribute("canManage", actor.can(Permission.TAGS_MANAGE));
		model.addAttribute("corpWide", actor.role().isCorpWide());
		model.addAttribute("jobsUrl", "/console/tag-jobs/section");
		model.addAttribute("rulesUrl", "/console/auto-tag-rules/section");
		if (tag != null) {
			TagView selected = catalog.tag(tag);
			if (selected.deleted()) {
				throw new NotFoundException("Tag " + tag + " not found");
			}
			model.addAttribute("selected", selected);
			model.addAttribute("selectedGroup", catalog.group(selected.groupId()).name());
			if (actor.role().isCorpWide()) {
				LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
				model.addAttribute("trend", statistics.trend(tag, today.minusDays(29), today));
			}
		}
		return "console/tags";
	}

	@PostMapping("/console/tags/groups")
	String createGroup(@RequestParam(required = false) String name, @RequestParam(required = false) String tags,
			RedirectAttributes flash) {
		return act(flash, "flash.tagGroupCreated", () -> catalog.createGroup(name, names(tags)));
	}

	@PostMapping("/console/tags/groups/{id}/tags")
	String addTags(@PathVariable long id, @RequestParam(required = false) String names, RedirectAttributes flash) {
		return act(flash, "flash.tagsCreated", () -> catalog.addTags(id, names(names)));
	}

	@PostMapping("/console/tags/groups/{id}/rename")
	String renameGroup(@PathVariable long id, @RequestParam(required = false) String name, RedirectAttributes flash) {
		return act(flash, "flash.saved", () -> catalog.renameGroup(id, name));
	}

	@PostMapping("/console/tags/groups/{id}/delete")
	String deleteGroup(@PathVariable long id, RedirectAttributes flash) {
		return act(flash, "flash.tagGroupDeleted", () -> catalog.deleteGroup(id));
	}

	@PostMapping("/console/tags/{id}/rename")
	String renameTag(@PathVariable long id, @RequestParam(required = false) String name, RedirectAttributes flash) {
		return act(flash, "flash.saved", () -> catalog.renameTag(id, name));
	}

	@PostMapping("/console/tags/{id}/delete")
	String deleteTag(@PathVariable long id, RedirectAttributes flash) {
		return act(flash, "flash.tagDeleted", () -> catalog.deleteTag(id));
	}

	private String act(RedirectAttributes flash, String done, Runnable change) {
		try {
			change.run();
			flash.addFlashAttribute("flash", done);
		}
		catch (NotFoundException e) {
			throw e;
		}
		catch (LocalizedException e) {
			flash.addFlashAttribute("error", errors.describe(e));
		}
		return "redirect:/console/tags";
	}

	/** Tag names typed one per line or separated by commas (either width). */
	static List<String> names(String raw) {
		if (raw == null) {
			return List.of();
		}
		return Arrays.stream(raw.split("[,，\\n\\r]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
	}
}
