package io.siyu.acquisition.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.siyu.acquisition.AttributionReport;
import io.siyu.acquisition.CodeDraft;
import io.siyu.acquisition.CodeFilter;
import io.siyu.acquisition.CodeKind;
import io.siyu.acquisition.CodeStatus;
import io.siyu.acquisition.LiveCode;
import io.siyu.acquisition.LiveCodes;
import io.siyu.acquisition.QrCodes;
import io.siyu.acquisition.Rotation;
import io.siyu.acquisition.Welcome;
import io.siyu.acquisition.WelcomeDefaults;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.Page;
import io.siyu.shared.PageQuery;

/**
 * {@code /api/v1/channel-codes}: channel, store and parcel codes and acquisition links ({@code kind}), within the
 * caller's data scope; their QR images and posters; parcel batches; default welcomes; attribution per day.
 */
@RestController
@RequestMapping("/api/v1/channel-codes")
class CodeApi {

	private final LiveCodes codes;

	private final QrCodes qr;

	private final WelcomeDefaults welcomes;

	private final AttributionReport report;

	CodeApi(LiveCodes codes, QrCodes qr, WelcomeDefaults welcomes, AttributionReport report) {
		this.codes = codes;
		this.qr = qr;
		this.welcomes = welcomes;
		this.report = report;
	}

	@GetMapping
	Page<LiveCode> list(@RequestParam(required = false) CodeKind kind, @RequestParam(required = false) String q,
			@RequestParam(required = false) Long unitId, @RequestParam(required = false) CodeStatus status,
			@RequestParam(required = false) Long batchId, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return codes.list(new CodeFilter(kind == null ? CodeKind.CHANNEL : kind, q, unitId, status, batchId),
				PageQuery.of(page, size));
	}

	@GetMapping("/{id}")
	LiveCode get(@PathVariable long id) {
		return codes.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	LiveCode create(@RequestBody CodeRequest body) {
		return codes.create(body.kind() == null ? CodeKind.CHANNEL : body.kind(), body.draft());
	}

	@PutMapping("/{id}")
	LiveCode update(@PathVariable long id, @RequestBody CodeRequest body) {
		return codes.update(id, body.draft());
	}

	@PostMapping("/{id}/pause")
	LiveCode pause(@PathVariable long id) {
		return codes.pause(id);
	}

	@PostMapping("/{id}/resume")
	LiveCode resume(@PathVariable long id) {
		return codes.resume(id);
	}

	@PostMapping("/{id}/retire")
	LiveCode retire(@PathVariable long id) {
		return codes.retire(id);
	}

	/** A parcel-card / campaign batch: one code per label, same rules. */
	@PostMapping("/batches")
	@ResponseStatus(HttpStatus.CREATED)
	LiveCodes.Batch batch(@RequestBody BatchRequest body) {
		if (body.code() == null) {
			throw new BadRequestException("error.acq.body", "A batch needs the code's rules in 'code'");
		}
		return codes.createBatch(body.name(), body.code().draft(), body.labels());
	}

	@GetMapping(value = "/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
	ResponseEntity<byte[]> png(@PathVariable long id, @RequestParam(defaultValue = "1200") int size) {
		return image(qr.png(id, size), "code-" + id + ".png");
	}

	@GetMapping(value = "/{id}/poster.png", produces = MediaType.IMAGE_PNG_VALUE)
	ResponseEntity<byte[]> poster(@PathVariable long id, @RequestParam(defaultValue = "1748") int width,
			@RequestParam(required = false) String subtitle) {
		return image(qr.poster(id, width, subtitle), "poster-" + id + ".png");
	}

	@GetMapping("/{id}/days")
	List<AttributionReport.Day> days(@PathVariable long id,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		return report.days(id, from, to);
	}

	/** Attribution rows of a kind, by code, store, member or day; {@code format=csv|xlsx} downloads the same rows. */
	@GetMapping("/report")
	Object report(@RequestParam(required = false) CodeKind kind,
			@RequestParam(defaultValue = "CODE") AttributionReport.By by,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) Long batchId, @RequestParam(required = false) String format) {
		List<AttributionReport.Row> rows = report.rows(new AttributionReport.Query(kind, null, batchId, from, to), by);
		if (format == null || format.equals("json")) {
			return Map.of("items", rows);
		}
		return switch (format) {
			case "csv" -> ReportFiles.csv(rows, "attribution-" + from + "-" + to);
			case "xlsx" -> ReportFiles.xlsx(rows, "attribution-" + from + "-" + to);
			default -> throw new BadRequestException("error.acq.format", "format is json, csv or xlsx");
		};
	}

	@GetMapping("/welcome-defaults")
	Map<String, Object> welcomeDefault(@RequestParam(required = false) String userid) {
		return Map.of("userid", userid == null ? "" : userid, "welcome", welcomes.get(userid).orElse(Welcome.text("")));
	}

	@PutMapping("/welcome-defaults")
	Map<String, Object> setWelcomeDefault(@RequestParam(required = false) String userid, @RequestBody Welcome welcome) {
		welcomes.set(userid == null || userid.isBlank() ? null : userid, welcome);
		return welcomeDefault(userid);
	}

	private static ResponseEntity<byte[]> image(byte[] png, String name) {
		return ResponseEntity.ok()
			.contentType(MediaType.IMAGE_PNG)
			.header("Content-Disposition", "attachment; filename=\"" + name + "\"")
			.body(png);
	}

	/** The JSON of a code: {@link CodeDraft} plus its kind (on create). */
	record CodeRequest(CodeKind kind, String name, Long unitId, Rotation rotation, Integer dailyCap, String autoAccept,
			String acceptFrom, String acceptTo, List<CodeDraft.CodeMember> members, List<CodeDraft.ShiftSpec> shifts,
			List<LocalDate> holidays, List<Long> tagIds, Welcome welcome, Long costCents) {

		CodeDraft draft() {
			return new CodeDraft(name, unitId, rotation, dailyCap, autoAccept, acceptFrom, acceptTo, members, shifts,
					holidays, tagIds, welcome, costCents);
		}
	}

	record BatchRequest(String name, List<String> labels, CodeRequest code) {
	}
}
