package io.siyu.tagging.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.siyu.shared.BadRequestException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;
import io.siyu.tagging.TagCatalog;
import io.siyu.tagging.TagDay;
import io.siyu.tagging.TagGroupView;
import io.siyu.tagging.TagStatistics;
import io.siyu.tagging.TagView;

/**
 * {@code /api/v1/tags} and {@code /api/v1/tag-groups}: the corp's tag catalog. Reading needs CUSTOMERS_READ (guides tag
 * customers); every change needs TAGS_MANAGE and is pushed to WeCom after commit ({@code syncState} PENDING until then).
 */
@RestController
class TagApi {

	private final TagCatalog catalog;

	private final TagStatistics statistics;

	TagApi(TagCatalog catalog, TagStatistics statistics) {
		this.catalog = catalog;
		this.statistics = statistics;
	}

	@GetMapping("/api/v1/tag-groups")
	Page<TagGroupView> groups(@RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		PageQuery query = PageQuery.of(page, size);
		List<TagGroupView> all = catalog.groups().stream()
			.filter(g -> q == null || q.isBlank() || g.name().contains(q.trim())
					|| g.tags().stream().anyMatch(t -> t.name().contains(q.trim())))
			.toList();
		return query.with(slice(all, query), all.size());
	}

	@GetMapping("/api/v1/tag-groups/{id}")
	TagGroupView group(@PathVariable long id) {
		return catalog.group(id);
	}

	@PostMapping("/api/v1/tag-groups")
	ResponseEntity<TagGroupView> createGroup(@RequestBody NewGroup body) {
		return ResponseEntity.status(HttpStatus.CREATED).body(catalog.createGroup(body.name(), body.tags()));
	}

	@PatchMapping("/api/v1/tag-groups/{id}")
	TagGroupView renameGroup(@PathVariable long id, @RequestBody GroupChange body) {
		if (body.name() == null) {
			throw new BadRequestException("error.tag.name", "A tag or group name is 1–30 characters");
		}
		return catalog.renameGroup(id, body.name());
	}

	@DeleteMapping("/api/v1/tag-groups/{id}")
	ResponseEntity<Void> deleteGroup(@PathVariable long id) {
		catalog.deleteGroup(id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/v1/tags")
	Page<TagRow> tags(@RequestParam(required = false) Long groupId, @RequestParam(required = false) String q,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		PageQuery query = PageQuery.of(page, size);
		Map<Long, Long> counts = statistics.customersPerTag();
		List<TagRow> all = catalog.groups().stream()
			.filter(g -> groupId == null || g.id() == groupId)
			.flatMap(g -> g.tags().stream().map(t -> TagRow.of(t, g.name(), counts.getOrDefault(t.id(), 0L))))
			.filter(t -> q == null || q.isBlank() || t.name().contains(q.trim()))
			.toList();
		return query.with(slice(all, query), all.size());
	}

	@GetMapping("/api/v1/tags/{id}")
	TagRow tag(@PathVariable long id) {
		TagView tag = catalog.tag(id);
		if (tag.deleted()) {
			throw new io.siyu.shared.NotFoundException("Tag " + id + " not found");
		}
		return TagRow.of(tag, catalog.group(tag.groupId()).name(), statistics.customersPerTag().getOrDefault(id, 0L));
	}

	/** Corp-wide customers per day (snapshots; today live). Default: the last 30 days. */
	@GetMapping("/api/v1/tags/{id}/trend")
	List<TagDay> trend(@PathVariable long id,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		tag(id);
		LocalDate end = to == null ? LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")) : to;
		return statistics.trend(id, from == null ? end.minusDays(29) : from, end);
	}

	@PostMapping("/api/v1/tags")
	ResponseEntity<List<TagView>> create(@RequestBody NewTags body) {
		if (body.groupId() == null) {
			throw new BadRequestException("error.tag.groupMissing", "groupId names the group the tags go into");
		}
		List<String> names = new java.util.ArrayList<>(body.names() == null ? List.of() : body.names());
		if (body.name() != null) {
			names.add(0, body.name());
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(catalog.addTags(body.groupId(), names));
	}

	@PatchMapping("/api/v1/tags/{id}")
	TagView change(@PathVariable long id, @RequestBody TagChange body) {
		if (body.name() == null && body.order() == null) {
			throw new BadRequestException("error.tag.nothingToChange", "Give a new name or order");
		}
		TagView tag = catalog.tag(id);
		if (body.order() != null) {
			catalog.checkOrder(body.order());
		}
		if (body.name() != null && !body.name().trim().equals(tag.name())) {
			tag = catalog.renameTag(id, body.name());
		}
		if (body.order() != null) {
			tag = catalog.reorderTag(id, body.order());
		}
		return tag;
	}

	@DeleteMapping("/api/v1/tags/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		catalog.deleteTag(id);
		return ResponseEntity.noContent().build();
	}

	private static <T> List<T> slice(List<T> all, PageQuery query) {
		int from = (int) Math.min(query.offset(), all.size());
		return all.subList(from, Math.min(from + query.size(), all.size()));
	}

	record NewGroup(String name, List<String> tags) {
	}

	record GroupChange(String name) {
	}

	record NewTags(Long groupId, String name, List<String> names) {
	}

	record TagChange(String name, Long order) {
	}

	/** A tag with its group's name and how many customers (in the caller's scope) carry it. */
	record TagRow(long id, long groupId, String groupName, String name, long order, String wecomId, String syncState,
			String lastError, long customers) {

		static TagRow of(TagView t, String groupName, long customers) {
			return new TagRow(t.id(), t.groupId(), groupName, t.name(), t.order(), t.wecomId(), t.syncState(),
					t.lastError(), customers);
		}
	}
}
