package io.siyu.acquisition.web;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

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
import io.siyu.organization.OrgUnits;
import io.siyu.organization.StaffDirectory;
import io.siyu.organization.StaffFilter;
import io.siyu.organization.StaffStatus;
import io.siyu.shared.LocalizedException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.PageQuery;
import io.siyu.shared.web.ConsoleErrors;
import io.siyu.tagging.TagCatalog;

/**
 * Console pages of live codes, one list per kind ({@code /console/codes/channel|store|parcel|link}): filters, paging, a
 * form to create (a batch of labels for parcel codes), the code's page with its QR, poster, status actions, daily
 * chart and per-member figures, and the edit form.
 */
@Controller
class CodeConsole {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private final LiveCodes codes;

	private final QrCodes qr;

	private final AttributionReport report;

	private final WelcomeDefaults welcomes;

	private final OrgUnits units;

	private final StaffDirectory staff;

	private final TagCatalog tags;

	private final ConsoleErrors errors;

	CodeConsole(LiveCodes codes, QrCodes qr, AttributionReport report, WelcomeDefaults welcomes, OrgUnits units,
			StaffDirectory staff, TagCatalog tags, ConsoleErrors errors) {
		this.codes = codes;
		this.qr = qr;
		this.report = report;
		this.welcomes = welcomes;
		this.units = units;
		this.staff = staff;
		this.tags = tags;
		this.errors = errors;
	}

	static CodeKind kind(String slug) {
		try {
			return CodeKind.valueOf(slug.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new NotFoundException("No such page");
		}
	}

	@GetMapping("/console/codes/{slug}")
	String list(@PathVariable String slug, @RequestParam(required = false) String q,
			@RequestParam(required = false) Long unitId, @RequestParam(required = false) CodeStatus status,
			@RequestParam(required = false) Long batchId, @RequestParam(defaultValue = "0") int page, Model model) {
		CodeKind kind = kind(slug);
		CodeFilter filter = new CodeFilter(kind, q, unitId, status, batchId);
		model.addAttribute("filter", filter);
		model.addAttribute("result", codes.list(filter, new PageQuery(Math.max(page, 0), 20)));
		formModel(model, slug, kind);
		return "console/codes";
	}

	@PostMapping("/console/codes/{slug}")
	String create(@PathVariable String slug, @ModelAttribute CodeForm form, Model model) {
		CodeKind kind = kind(slug);
		try {
			if (kind == CodeKind.PARCEL) {
				LiveCodes.Batch batch = codes.createBatch(form.getName(), form.draft(), form.labelList());
				return "redirect:/console/codes/parcel?batchId=" + batch.id();
			}
			LiveCode code = codes.create(kind, form.draft());
			return "redirect:/console/codes/" + slug + "/" + code.id();
		}
		catch (LocalizedException e) {
			model.addAttribute("error", errors.describe(e));
			model.addAttribute("form", form);
			return list(slug, null, null, null, null, 0, model);
		}
	}

	@GetMapping("/console/codes/{slug}/{id}")
	String detail(@PathVariable String slug, @PathVariable long id, Model model) {
		LiveCode code = codes.get(id);
		LocalDate today = LocalDate.now(CHINA);
		model.addAttribute("code", code);
		model.addAttribute("days", report.days(id, today.minusDays(29), today));
		model.addAttribute("byStaff", report.rows(new AttributionReport.Query(null, id, null, today.minusDays(89), today),
				AttributionReport.By.STAFF));
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", CodeForm.of(code));
		}
		formModel(model, slug, code.kind());
		return "console/code";
	}

	@PostMapping("/console/codes/{slug}/{id}")
	String edit(@PathVariable String slug, @PathVariable long id, @ModelAttribute CodeForm form, Model model) {
		try {
			codes.update(id, form.draft());
			return "redirect:/console/codes/" + slug + "/" + id;
		}
		catch (LocalizedException e) {
			model.addAttribute("error", errors.describe(e));
			model.addAttribute("form", form);
			return detail(slug, id, model);
		}
	}

	@PostMapping("/console/codes/{slug}/{id}/{action:pause|resume|retire}")
	String status(@PathVariable String slug, @PathVariable long id, @PathVariable String action) {
		switch (action) {
			case "pause" -> codes.pause(id);
			case "resume" -> codes.resume(id);
			default -> codes.retire(id);
		}
		return "redirect:/console/codes/" + slug + "/" + id;
	}

	@GetMapping(value = "/console/codes/{slug}/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
	ResponseEntity<byte[]> png(@PathVariable long id, @RequestParam(defaultValue = "1200") int size,
			@RequestParam(defaultValue = "false") boolean download) {
		return image(qr.png(id, size), "code-" + id + "-" + size + ".png", download);
	}

	@GetMapping(value = "/console/codes/{slug}/{id}/poster.png", produces = MediaType.IMAGE_PNG_VALUE)
	ResponseEntity<byte[]> poster(@PathVariable long id, @RequestParam(defaultValue = "1748") int width) {
		return image(qr.poster(id, width, null), "poster-" + id + ".png", true);
	}

	/** The report page of a kind: by code, store, member or day, with a chart and exports. */
	@GetMapping("/console/codes/{slug}/report")
	String report(@PathVariable String slug, @RequestParam(defaultValue = "CODE") AttributionReport.By by,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) Long batchId, Model model) {
		CodeKind kind = kind(slug);
		LocalDate end = to == null ? LocalDate.now(CHINA) : to;
		LocalDate start = from == null ? end.minusDays(29) : from;
		model.addAttribute("slug", slug);
		model.addAttribute("kind", kind);
		model.addAttribute("by", by);
		model.addAttribute("from", start);
		model.addAttribute("to", end);
		model.addAttribute("batchId", batchId);
		model.addAttribute("rows", report.rows(new AttributionReport.Query(kind, null, batchId, start, end), by));
		model.addAttribute("daily", report.rows(new AttributionReport.Query(kind, null, batchId, start, end),
				AttributionReport.By.DAY));
		return "console/code-report";
	}

	@GetMapping("/console/codes/{slug}/report.{format:csv|xlsx}")
	ResponseEntity<byte[]> export(@PathVariable String slug, @PathVariable String format,
			@RequestParam(defaultValue = "CODE") AttributionReport.By by,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) Long batchId) {
		CodeKind kind = kind(slug);
		LocalDate end = to == null ? LocalDate.now(CHINA) : to;
		LocalDate start = from == null ? end.minusDays(29) : from;
		List<AttributionReport.Row> rows = report.rows(new AttributionReport.Query(kind, null, batchId, start, end), by);
		String name = "attribution-" + slug + "-" + by.name().toLowerCase(Locale.ROOT) + "-" + start + "-" + end;
		return format.equals("csv") ? ReportFiles.csv(rows, name) : ReportFiles.xlsx(rows, name);
	}

	private static ResponseEntity<byte[]> image(byte[] png, String name, boolean download) {
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.IMAGE_PNG);
		if (download) {
			ok.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
		}
		return ok.body(png);
	}

	private void formModel(Model model, String slug, CodeKind kind) {
		model.addAttribute("slug", slug);
		model.addAttribute("kind", kind);
		model.addAttribute("units", units.tree());
		model.addAttribute("staff", staff.list(new StaffFilter(null, null, StaffStatus.ACTIVE, null), new PageQuery(0, PageQuery.MAX_SIZE))
			.items());
		model.addAttribute("tagGroups", tags.groups());
		model.addAttribute("rotations", Rotation.values());
		model.addAttribute("statuses", CodeStatus.values());
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new CodeForm());
		}
	}

	/** The HTML form of a code (flat fields; one optional link attachment). */
	public static class CodeForm {

		private String name;

		private Long unitId;

		private Rotation rotation = Rotation.ROUND_ROBIN;

		private Integer dailyCap;

		private String autoAccept = "ALWAYS";

		private String acceptFrom;

		private String acceptTo;

		private List<String> members = new ArrayList<>();

		private List<String> backups = new ArrayList<>();

		private List<Long> tagIds = new ArrayList<>();

		private String welcomeText;

		private String linkTitle;

		private String linkUrl;

		private Double costYuan;

		private String labels;

		static CodeForm of(LiveCode c) {
			CodeForm f = new CodeForm();
			f.name = c.name();
			f.unitId = c.unitId();
			f.rotation = c.rotation();
			f.dailyCap = c.dailyCap();
			f.autoAccept = c.autoAccept();
			f.acceptFrom = c.acceptFrom();
			f.acceptTo = c.acceptTo();
			f.members = c.members().stream().filter(m -> !m.backup()).map(CodeDraft.CodeMember::userid).toList();
			f.backups = c.members().stream().filter(CodeDraft.CodeMember::backup).map(CodeDraft.CodeMember::userid).toList();
			f.tagIds = c.tagIds();
			if (c.welcome() != null) {
				f.welcomeText = c.welcome().text();
				c.welcome().attachments().stream().filter(a -> "link".equals(a.type())).findFirst().ifPresent(a -> {
					f.linkTitle = a.title();
					f.linkUrl = a.url();
				});
			}
			f.costYuan = c.costCents() == null ? null : c.costCents() / 100.0;
			return f;
		}

		CodeDraft draft() {
			List<CodeDraft.CodeMember> all = new ArrayList<>();
			members.forEach(u -> all.add(new CodeDraft.CodeMember(u, false)));
			backups.stream().filter(u -> !members.contains(u)).forEach(u -> all.add(new CodeDraft.CodeMember(u, true)));
			List<Welcome.Attachment> attachments = linkUrl == null || linkUrl.isBlank() ? List.of()
					: List.of(new Welcome.Attachment("link", linkTitle, linkUrl.strip(), null, null, null, null, null));
			Welcome welcome = (welcomeText == null || welcomeText.isBlank()) && attachments.isEmpty() ? null
					: new Welcome(welcomeText, List.of(), attachments);
			return new CodeDraft(name, unitId, rotation, dailyCap, autoAccept, blank(acceptFrom), blank(acceptTo), all,
					List.of(), List.of(), tagIds, welcome, costYuan == null ? null : Math.round(costYuan * 100));
		}

		List<String> labelList() {
			return labels == null ? List.of() : Arrays.stream(labels.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
		}

		private static String blank(String s) {
			return s == null || s.isBlank() ? null : s;
		}

		public String getName() { return name; }
		public void setName(String name) { this.name = name; }
		public Long getUnitId() { return unitId; }
		public void setUnitId(Long unitId) { this.unitId = unitId; }
		public Rotation getRotation() { return rotation; }
		public void setRotation(Rotation rotation) { this.rotation = rotation; }
		public Integer getDailyCap() { return dailyCap; }
		public void setDailyCap(Integer dailyCap) { this.dailyCap = dailyCap; }
		public String getAutoAccept() { return autoAccept; }
		public void setAutoAccept(String autoAccept) { this.autoAccept = autoAccept; }
		public String getAcceptFrom() { return acceptFrom; }
		public void setAcceptFrom(String acceptFrom) { this.acceptFrom = acceptFrom; }
		public String getAcceptTo() { return acceptTo; }
		public void setAcceptTo(String acceptTo) { this.acceptTo = acceptTo; }
		public List<String> getMembers() { return members; }
		public void setMembers(List<String> members) { this.members = members == null ? new ArrayList<>() : members; }
		public List<String> getBackups() { return backups; }
		public void setBackups(List<String> backups) { this.backups = backups == null ? new ArrayList<>() : backups; }
		public List<Long> getTagIds() { return tagIds; }
		public void setTagIds(List<Long> tagIds) { this.tagIds = tagIds == null ? new ArrayList<>() : tagIds; }
		public String getWelcomeText() { return welcomeText; }
		public void setWelcomeText(String welcomeText) { this.welcomeText = welcomeText; }
		public String getLinkTitle() { return linkTitle; }
		public void setLinkTitle(String linkTitle) { this.linkTitle = linkTitle; }
		public String getLinkUrl() { return linkUrl; }
		public void setLinkUrl(String linkUrl) { this.linkUrl = linkUrl; }
		public Double getCostYuan() { return costYuan; }
		public void setCostYuan(Double costYuan) { this.costYuan = costYuan; }
		public String getLabels() { return labels; }
		public void setLabels(String labels) { this.labels = labels; }
	}
}
