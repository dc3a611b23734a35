package io.siyu.community.web;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.siyu.community.CustomerGroups;
import io.siyu.community.GroupDay;
import io.siyu.community.GroupFilter;
import io.siyu.community.GroupMemberView;
import io.siyu.community.GroupView;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;

/** {@code /api/v1/groups}: customer groups within the caller's scope, their members and daily statistics. */
@RestController
@RequestMapping("/api/v1/groups")
class GroupApi {

	private final CustomerGroups groups;

	GroupApi(CustomerGroups groups) {
		this.groups = groups;
	}

	@GetMapping
	Page<GroupView> list(@RequestParam(required = false) String q, @RequestParam(required = false) Long ownerStaffId,
			@RequestParam(required = false) Long unitId, @RequestParam(required = false) Boolean dismissed,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return groups.list(new GroupFilter(q, ownerStaffId, unitId, dismissed), PageQuery.of(page, size));
	}

	@GetMapping("/{id}")
	GroupView get(@PathVariable long id) {
		return groups.get(id);
	}

	@GetMapping("/{id}/members")
	Page<GroupMemberView> members(@PathVariable long id, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return groups.members(id, PageQuery.of(page, size));
	}

	@GetMapping("/{id}/days")
	List<GroupDay> days(@PathVariable long id,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		LocalDate end = to == null ? LocalDate.now(ZoneId.of("Asia/Shanghai")) : to;
		return groups.days(id, from == null ? end.minusDays(29) : from, end);
	}
}
