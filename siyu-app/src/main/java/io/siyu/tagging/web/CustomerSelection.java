package io.siyu.tagging.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;

import io.siyu.customer.CustomerFilter;
import io.siyu.customer.Stage;

/**
 * The customer list's query parameters (as its page sends them), for a bulk job over the customers it shows:
 * {@code q, tagsAny, tagsAll, tagsNone, staffId, unitId, state, stage, addedFrom, addedTo, status, sort}. The console's
 * tag picker sends {@code tags} with {@code tagMode} (ANY or ALL) instead of tagsAny/tagsAll.
 */
record CustomerSelection(String q, List<Long> tagsAny, List<Long> tagsAll, List<Long> tagsNone,
		List<Long> tags, String tagMode, Long staffId, Long unitId, String state, Stage stage,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate addedFrom,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate addedTo, CustomerFilter.Status status,
		CustomerFilter.Sort sort) {

	public CustomerFilter filter() {
		List<Long> any = new ArrayList<>(tagsAny == null ? List.of() : tagsAny);
		List<Long> all = new ArrayList<>(tagsAll == null ? List.of() : tagsAll);
		if (tags != null) {
			("ALL".equalsIgnoreCase(tagMode) ? all : any).addAll(tags);
		}
		return new CustomerFilter(q, any, all, tagsNone, staffId, unitId, state, stage, addedFrom, addedTo, status, sort);
	}

	/** The filter as query parameters (tagsAny/tagsAll form), for links to exports, pages and bulk actions. */
	public String query() {
		CustomerFilter f = filter();
		StringBuilder s = new StringBuilder();
		add(s, "q", f.q());
		f.tagsAny().forEach(t -> add(s, "tagsAny", t));
		f.tagsAll().forEach(t -> add(s, "tagsAll", t));
		f.tagsNone().forEach(t -> add(s, "tagsNone", t));
		add(s, "staffId", f.staffId());
		add(s, "unitId", f.unitId());
		add(s, "state", f.state());
		add(s, "stage", f.stage());
		add(s, "addedFrom", f.addedFrom());
		add(s, "addedTo", f.addedTo());
		add(s, "status", f.status());
		if (sort != null) {
			add(s, "sort", sort);
		}
		return s.toString();
	}

	public boolean selected(Long tagId) {
		return (tags != null && tags.contains(tagId)) || (tagsAny != null && tagsAny.contains(tagId))
				|| (tagsAll != null && tagsAll.contains(tagId));
	}

	public boolean excluded(Long tagId) {
		return tagsNone != null && tagsNone.contains(tagId);
	}

	public boolean matchAll() {
		return "ALL".equalsIgnoreCase(tagMode) || (tagsAll != null && !tagsAll.isEmpty());
	}

	private static void add(StringBuilder s, String name, Object value) {
		if (value == null || value.toString().isBlank()) {
			return;
		}
		s.append(name).append('=').append(java.net.URLEncoder.encode(value.toString(), java.nio.charset.StandardCharsets.UTF_8))
			.append('&');
	}
}
