package io.siyu.acquisition.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.siyu.acquisition.CodeStatus;
import io.siyu.acquisition.GroupCode;
import io.siyu.acquisition.GroupCodes;
import io.siyu.acquisition.QrCodes;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;

/** {@code /api/v1/group-codes}: group live codes on WeCom join ways, within the caller's data scope. */
@RestController
@RequestMapping("/api/v1/group-codes")
class GroupCodeApi {

	private final GroupCodes codes;

	private final QrCodes qr;

	GroupCodeApi(GroupCodes codes, QrCodes qr) {
		this.codes = codes;
		this.qr = qr;
	}

	@GetMapping
	Page<GroupCode> list(@RequestParam(required = false) String q, @RequestParam(required = false) CodeStatus status,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return codes.list(q, status, PageQuery.of(page, size));
	}

	@GetMapping("/{id}")
	GroupCode get(@PathVariable long id) {
		return codes.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	GroupCode create(@RequestBody GroupCodes.Draft body) {
		return codes.create(body);
	}

	@PostMapping("/{id}/retire")
	GroupCode retire(@PathVariable long id) {
		return codes.retire(id);
	}

	@GetMapping(value = "/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
	ResponseEntity<byte[]> png(@PathVariable long id, @RequestParam(defaultValue = "1200") int size) {
		return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(qr.groupPng(id, size));
	}
}
