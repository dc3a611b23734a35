package io.siyu.customer;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.siyu.customer.imports.ImportFile;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.ConflictException;
import io.siyu.shared.LocalizedException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import io.siyu.wecom.WeComRemarks;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports customer data from a CSV or Excel file: upload (the file is read at once; a malformed, too large or too long
 * file is refused), column mapping (to phone, remark, stage, tags, a note or a custom field; customers found by
 * external_userid or phone within the actor's data scope), a check that writes nothing and reports every bad row, then
 * the import itself as one transaction: every row or none. Both run as a durable job of the actor who uploaded.
 * Remarks live in WeCom: they are set through WeCom after the data is committed, failures counted in the outcome.
 */
@Service
public class CustomerImports implements CustomerJobs.Handler {

	public static final String KIND = "IMPORT";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int NOTE_MAX = 2000;

	private final TenantJdbc jdbc;

	private final CustomerJobs jobs;

	private final Customers customers;

	private final CustomerIdentities identities;

	private final CustomFields fields;

	private final Lifecycle lifecycle;

	private final CustomerTags customerTags;

	private final TagLabels tagLabels;

	private final Timeline timeline;

	private final WeComRemarks remarks;

	private final MessageSource messages;

	private final Auditor auditor;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final int maxBytes;

	private final int maxRows;

	CustomerImports(TenantJdbc jdbc, @Lazy CustomerJobs jobs, Customers customers, CustomerIdentities identities,
			CustomFields fields, Lifecycle lifecycle, CustomerTags customerTags, TagLabels tagLabels, Timeline timeline,
			WeComRemarks remarks, MessageSource messages, Auditor auditor, ApplicationEventPublisher events,
			PlatformTransactionManager tm, Clock clock, @Value("${siyu.customer.import.max-bytes:10485760}") int maxBytes,
			@Value("${siyu.customer.import.max-rows:50000}") int maxRows) {
		this.jdbc = jdbc;
		this.jobs = jobs;
		this.customers = customers;
		this.identities = identities;
		this.fields = fields;
		this.lifecycle = lifecycle;
		this.customerTags = customerTags;
		this.tagLabels = tagLabels;
		this.timeline = timeline;
		this.remarks = remarks;
		this.messages = messages;
		this.auditor = auditor;
		this.events = events;
		this.tx = new TransactionTemplate(tm);
		this.clock = clock;
		this.maxBytes = maxBytes;
		this.maxRows = maxRows;
	}

	/** How the file's columns are read: the key (EXTERNAL_USERID or PHONE) and a target per column. */
	public record Mapping(String key, List<String> columns, String locale) {

		public Mapping {
			columns = columns == null ? List.of() : List.copyOf(columns);
		}

		public String target(int column) {
			return column < columns.size() ? columns.get(column) : "IGNORE";
		}
	}

	/** What the mapping page shows: the header, a few sample rows, the mapping and the targets to choose from. */
	public record Preview(CustomerJobs.Job job, List<String> headers, List<String> samples, Mapping mapping,
			List<String> targets, Map<String, String> fieldLabels) {
	}

	public static final List<String> BASIC_TARGETS = List.of("IGNORE", "EXTERNAL_USERID", "PHONE", "REMARK", "STAGE",
			"TAGS", "NOTE");

	public int maxBytes() {
		return maxBytes;
	}

	public int maxRows() {
		return maxRows;
	}

	/** Stores an uploaded file as a new import waiting for its mapping (with a guessed one). Refuses unreadable files. */
	@Transactional
	public long upload(String fileName, byte[] content) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		if (content == null || content.length == 0) {
			throw new BadRequestException("error.import.empty", "Choose a file to upload");
		}
		if (content.length > maxBytes) {
			throw new BadRequestException("error.import.tooLarge", "The file is too large: at most "
					+ maxBytes / 1024 / 1024 + " MB", maxBytes / 1024 / 1024);
		}
		String name = fileName == null || fileName.isBlank() ? "import.csv" : fileName.strip();
		name = name.length() > 200 ? name.substring(name.length() - 200) : name;
		ImportFile.Table table = ImportFile.read(name, content, maxRows);
		Mapping guess = new Mapping(guessKey(table.headers()), guess(table.headers()),
				LocaleContextHolder.getLocale().toLanguageTag());
		long id = jobs.create(KIND, CustomerJobs.Status.MAPPING, null, name, table.format().name(),
				JSON.writeValueAsString(guess));
		jobs.saveFile(id, "upload", content);
		jobs.counts(id, table.lines().size(), 0);
		auditor.record("customer.import.uploaded", "customer_job", id, "Uploaded " + name + " ("
				+ table.lines().size() + " rows)");
		return id;
	}

	public Preview preview(long id) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		CustomerJobs.Job job = requireImport(id);
		ImportFile.Table table = table(job);
		List<String> samples = new ArrayList<>();
		for (int c = 0; c < table.headers().size(); c++) {
			int column = c;
			samples.add(String.join(" · ", table.lines().stream().limit(3).map(l -> l.cell(column))
				.filter(v -> !v.isBlank()).toList()));
		}
		List<String> targets = new ArrayList<>(BASIC_TARGETS);
		Map<String, String> labels = new HashMap<>();
		fields.definitions(false).forEach(f -> {
			targets.add("FIELD:" + f.code());
			labels.put("FIELD:" + f.code(), f.label());
		});
		return new Preview(job, table.headers(), samples, mapping(job), targets, labels);
	}

	/** Checks the file with this mapping (a job): every row is checked, nothing is written. */
	@Transactional
	public void check(long id, Mapping mapping) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		CustomerJobs.Job job = requireImport(id);
		if (job.status() == CustomerJobs.Status.DONE) {
			throw new ConflictException("error.job.state", "The job cannot do that in its current state");
		}
		Mapping checked = validate(mapping, table(job).headers().size());
		jobs.queue(id, "CHECK", JSON.writeValueAsString(checked));
	}

	/** Applies a checked import (a job): all rows in one transaction, after checking them again. */
	@Transactional
	public void apply(long id) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		CustomerJobs.Job job = requireImport(id);
		if (job.status() != CustomerJobs.Status.CHECKED) {
			throw new ConflictException("error.job.state", "The job cannot do that in its current state");
		}
		jobs.queue(id, "APPLY", null);
	}

	/** The row errors of the last check as CSV (row, column, problem), UTF-8 with BOM for Excel. */
	public byte[] errorReport(long id) {
		Actors.require(Permission.CUSTOMERS_WRITE);
		requireImport(id);
		StringBuilder csv = new StringBuilder("\uFEFFrow,column,problem\r\n");
		for (CustomerJobs.RowError e : jobs.errors(id, Integer.MAX_VALUE)) {
			csv.append(e.row()).append(',').append(quote(e.column())).append(',').append(quote(e.message())).append("\r\n");
		}
		return csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public CustomerJobs.Outcome run(CustomerJobs.Job job) {
		Mapping mapping = mapping(job);
		ImportFile.Table table = table(job);
		Locale locale = Locale.forLanguageTag(mapping.locale() == null ? "zh-CN" : mapping.locale());
		if ("CHECK".equals(job.phase())) {
			Plan plan = plan(job, table, mapping, locale);
			jobs.saveErrors(job.id(), plan.errors());
			jobs.counts(job.id(), table.lines().size(), plan.errors().size());
			return plan.errors().isEmpty() ? new CustomerJobs.Outcome(CustomerJobs.Status.CHECKED, 0, null)
					: new CustomerJobs.Outcome(CustomerJobs.Status.INVALID, 0, null);
		}
		Actor actor = Actors.require();
		Plan plan = tx.execute(s -> {
			Plan p = plan(job, table, mapping, locale);
			if (p.errors().isEmpty()) {
				write(job, p);
			}
			return p;
		});
		if (!plan.errors().isEmpty()) {
			jobs.saveErrors(job.id(), plan.errors());
			jobs.counts(job.id(), table.lines().size(), plan.errors().size());
			return new CustomerJobs.Outcome(CustomerJobs.Status.INVALID, 0, null);
		}
		String message = Actors.callAs(actor, () -> pushRemarks(plan, locale));
		return new CustomerJobs.Outcome(CustomerJobs.Status.DONE, plan.rows().size(), message);
	}

	// --- checking ---

	record RowPlan(int row, long customerId, CustomerIdentities.Phone phone, Stage stage, List<Long> tags, String note,
			String remark, Map<CustomField, Object> values) {
	}

	record Plan(List<RowPlan> rows, List<CustomerJobs.RowError> errors) {
	}

	private Plan plan(CustomerJobs.Job job, ImportFile.Table table, Mapping mapping, Locale locale) {
		Map<String, CustomField> defs = new HashMap<>();
		fields.definitions(false).forEach(f -> defs.put(f.code(), f));
		Map<String, List<TagLabels.Label>> tagsByName = new HashMap<>();
		for (TagLabels.Label t : tagLabels.all()) {
			tagsByName.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(t);
			tagsByName.computeIfAbsent(t.groupName() + "/" + t.name(), k -> new ArrayList<>()).add(t);
		}
		Map<String, Stage> stages = stages();
		int keyColumn = mapping.columns().indexOf(mapping.key());
		String keyHeader = table.headers().get(keyColumn);
		Map<String, List<Long>> found = resolve(mapping.key(), table.lines().stream().map(l -> l.cell(keyColumn)).toList());

		List<RowPlan> rows = new ArrayList<>();
		List<CustomerJobs.RowError> errors = new ArrayList<>();
		Map<Long, Integer> seen = new HashMap<>();
		int done = 0;
		for (ImportFile.Line line : table.lines()) {
			List<CustomerJobs.RowError> rowErrors = new ArrayList<>();
			String key = line.cell(keyColumn);
			Long customerId = null;
			if (key.isBlank()) {
				rowErrors.add(error(line, keyHeader, locale, "cimport.err.keyMissing", "The key is empty"));
			}
			else {
				List<Long> ids = found.getOrDefault(normalizeKey(mapping.key(), key), List.of());
				if (ids.isEmpty()) {
					rowErrors.add(error(line, keyHeader, locale, "cimport.err.notFound",
							"No customer with this " + mapping.key().toLowerCase(Locale.ROOT) + " in your data scope", key));
				}
				else if (ids.size() > 1) {
					rowErrors.add(error(line, keyHeader, locale, "cimport.err.ambiguous",
							"Several customers have this phone number; use external_userid", key));
				}
				else if (seen.containsKey(ids.get(0))) {
					rowErrors.add(error(line, keyHeader, locale, "cimport.err.duplicate",
							"The same customer as row " + seen.get(ids.get(0)), seen.get(ids.get(0))));
				}
				else {
					customerId = ids.get(0);
					seen.put(customerId, line.number());
				}
			}
			CustomerIdentities.Phone phone = null;
			Stage stage = null;
			List<Long> tags = new ArrayList<>();
			String note = null;
			String remark = null;
			Map<CustomField, Object> values = new LinkedHashMap<>();
			for (int c = 0; c < mapping.columns().size(); c++) {
				String target = mapping.target(c);
				String raw = line.cell(c);
				String header = table.headers().get(c);
				if (raw.isBlank() || target.equals("IGNORE") || target.equals(mapping.key())) {
					continue;
				}
				switch (target) {
					case "PHONE" -> {
						Optional<CustomerIdentities.Phone> p = identities.phone(raw);
						if (p.isEmpty()) {
							rowErrors.add(error(line, header, locale, "cimport.err.phone", "Not a phone number", raw));
						}
						else {
							phone = p.get();
						}
					}
					case "STAGE" -> {
						stage = stages.get(raw.trim().toUpperCase(Locale.ROOT));
						if (stage == null) {
							rowErrors.add(error(line, header, locale, "cimport.err.stage", "Unknown stage '" + raw + "'", raw));
						}
					}
					case "TAGS" -> {
						for (String name : raw.split("[,，;；|\n]")) {
							String n = name.trim();
							if (n.isEmpty()) {
								continue;
							}
							List<TagLabels.Label> matches = tagsByName.getOrDefault(n, List.of());
							if (matches.isEmpty()) {
								rowErrors.add(error(line, header, locale, "cimport.err.tag", "Unknown tag '" + n + "'", n));
							}
							else if (matches.size() > 1) {
								rowErrors.add(error(line, header, locale, "cimport.err.tagAmbiguous",
										"Tag '" + n + "' is in several groups: write group/tag", n));
							}
							else if (!tags.contains(matches.get(0).id())) {
								tags.add(matches.get(0).id());
							}
						}
					}
					case "NOTE" -> {
						if (raw.length() > NOTE_MAX) {
							rowErrors.add(error(line, header, locale, "cimport.err.note", "A note is at most 2,000 characters"));
						}
						note = raw;
					}
					case "REMARK" -> {
						if (raw.codePointCount(0, raw.length()) > WeComRemarks.REMARK_MAX) {
							rowErrors.add(error(line, header, locale, "error.remark.tooLong",
									"A remark is at most " + WeComRemarks.REMARK_MAX + " characters", WeComRemarks.REMARK_MAX));
						}
						remark = raw;
					}
					default -> {
						CustomField field = defs.get(target.substring("FIELD:".length()));
						if (field == null) {
							rowErrors.add(error(line, header, locale, "error.field.unknown", "Unknown custom field", target));
							continue;
						}
						try {
							values.put(field, CustomFields.parse(field, field.type() == CustomField.Type.DATE
									? excelDate(raw) : raw));
						}
						catch (LocalizedException e) {
							rowErrors.add(new CustomerJobs.RowError(line.number(), header,
									messages.getMessage(e.key(), e.args(), e.getMessage(), locale)));
						}
					}
				}
			}
			if (rowErrors.isEmpty() && customerId != null) {
				rows.add(new RowPlan(line.number(), customerId, phone, stage, tags, note, remark, values));
			}
			errors.addAll(rowErrors);
			if (++done % 500 == 0) {
				jobs.progress(job.id(), done, table.lines().size());
			}
		}
		jobs.progress(job.id(), done, table.lines().size());
		return new Plan(rows, errors);
	}

	/** Customer ids by key (normalized), within the actor's scope. */
	private Map<String, List<Long>> resolve(String key, List<String> raw) {
		Map<String, List<Long>> found = new HashMap<>();
		List<String> keys = raw.stream().filter(s -> !s.isBlank()).map(s -> normalizeKey(key, s)).distinct().toList();
		for (int from = 0; from < keys.size(); from += 1000) {
			List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 1000));
			if (key.equals("EXTERNAL_USERID")) {
				customers.idsOf(chunk).forEach((ext, id) -> found.put(ext, List.of(id)));
			}
			else {
				Map<String, String> byHash = new HashMap<>();
				chunk.forEach(phone -> byHash.put(identities.fingerprint(phone), phone));
				jdbc.sql("select c.id, c.phone_hash from customer c where c.corp_id = :corp and c.phone_hash in (:h)"
						+ " and c.merged_into is null and " + CustomerScope.visible("c.id") + " order by c.id")
					.param("h", byHash.keySet())
					.list((rs, i) -> found.computeIfAbsent(byHash.get(rs.getString(2)), k -> new ArrayList<>())
						.add(rs.getLong(1)));
			}
		}
		return found;
	}

	private static String normalizeKey(String key, String raw) {
		if (key.equals("PHONE")) {
			return CustomerIdentities.Phone.normalize(raw).orElse("invalid:" + raw.trim());
		}
		return raw.trim();
	}

	/** An Excel date serial number (a date cell saved as a number) as a date; anything else as it is. */
	private static Object excelDate(String raw) {
		if (raw.matches("\\d{5}(\\.\\d+)?")) {
			double serial = Double.parseDouble(raw);
			if (serial > 20000 && serial < 80000) {
				return LocalDate.of(1899, 12, 30).plusDays((long) serial);
			}
		}
		return raw.replace('/', '-');
	}

	private Map<String, Stage> stages() {
		Map<String, Stage> stages = new HashMap<>();
		for (Stage s : Stage.values()) {
			stages.put(s.name(), s);
			for (Locale l : List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH)) {
				String label = messages.getMessage("stage." + s.name(), null, null, l);
				if (label != null) {
					stages.put(label.toUpperCase(Locale.ROOT), s);
				}
			}
		}
		return stages;
	}

	private CustomerJobs.RowError error(ImportFile.Line line, String column, Locale locale, String key, String english,
			Object... args) {
		return new CustomerJobs.RowError(line.number(), column, messages.getMessage(key, args, english, locale));
	}

	// --- writing ---

	private void write(CustomerJobs.Job job, Plan plan) {
		Actors.runAs(Actors.require().onBehalfAsSystem(), () -> {
			List<Map<String, Object>> phones = new ArrayList<>();
			Map<Long, Map<CustomField, Object>> values = new LinkedHashMap<>();
			Map<Stage, List<Long>> stages = new LinkedHashMap<>();
			List<Timeline.NewEvent> notes = new ArrayList<>();
			java.time.Instant now = clock.instant();
			for (RowPlan r : plan.rows()) {
				if (r.phone() != null) {
					Map<String, Object> row = new HashMap<>();
					row.put("id", r.customerId());
					row.put("enc", r.phone().sealed());
					row.put("hash", r.phone().fingerprint());
					row.put("masked", r.phone().masked());
					row.put("now", io.siyu.shared.Timestamps.of(now));
					phones.add(row);
				}
				if (!r.values().isEmpty()) {
					values.put(r.customerId(), r.values());
				}
				if (r.stage() != null) {
					stages.computeIfAbsent(r.stage(), k -> new ArrayList<>()).add(r.customerId());
				}
				if (r.note() != null) {
					notes.add(new Timeline.NewEvent(r.customerId(), TimelineKinds.NOTE, now, null, "import", null, r.note()));
				}
				notes.add(new Timeline.NewEvent(r.customerId(), TimelineKinds.IMPORTED, now, null, String.valueOf(job.id()),
						null, "Imported from " + job.fileName() + " (row " + r.row() + ")"));
			}
			jdbc.sql("update customer set phone_enc = :enc, phone_hash = :hash, phone_masked = :masked, updated_at = :now"
					+ " where id = :id and corp_id = :corp and " + CustomerScope.system()).batch(phones);
			fields.writeEach(values);
			jobs.progress(job.id(), plan.rows().size() / 2, plan.rows().size());
			stages.forEach((stage, ids) -> lifecycle.move(ids, stage, "import: " + job.fileName()));
			for (RowPlan r : plan.rows()) {
				if (!r.tags().isEmpty()) {
					customerTags.record(r.customerId(), CustomerTags.NO_RELATION, r.tags(), List.of(), "IMPORT");
				}
			}
			timeline.appendAll(notes);
			List<Long> ids = plan.rows().stream().map(RowPlan::customerId).toList();
			events.publishEvent(new CustomersChanged(Actors.require().requireCorp(), ids));
			auditor.record("customer.import", "customer_job", job.id(), "Imported " + ids.size() + " rows from "
					+ job.fileName());
		});
	}

	/** Remarks are WeCom's: set on each of the customer's relations the actor may act on. Returns a summary or null. */
	private String pushRemarks(Plan plan, Locale locale) {
		Map<Long, String> wanted = new LinkedHashMap<>();
		plan.rows().stream().filter(r -> r.remark() != null).forEach(r -> wanted.put(r.customerId(), r.remark()));
		if (wanted.isEmpty()) {
			return null;
		}
		long corp = Actors.require().requireCorp();
		int ok = 0;
		int failed = 0;
		Set<String> reasons = new LinkedHashSet<>();
		List<Long> ids = List.copyOf(wanted.keySet());
		for (int from = 0; from < ids.size(); from += 500) {
			Map<Long, List<CustomerTags.Relation>> relations = customerTags
				.activeRelations(ids.subList(from, Math.min(ids.size(), from + 500)));
			for (List<CustomerTags.Relation> list : relations.values()) {
				for (CustomerTags.Relation r : list) {
					String description = jdbc.sql("select f.description from customer_follow f where f.corp_id = :corp"
							+ " and f.customer_id = :id and f.userid = :userid and " + CustomerScope.relationInScope("f"))
						.param("id", r.customerId())
						.param("userid", r.userid())
						.value(String.class)
						.orElse(null);
					try {
						remarks.edit(corp, r.userid(), r.externalUserId(), wanted.get(r.customerId()), description);
						ok++;
					}
					catch (RuntimeException e) {
						failed++;
						if (reasons.size() < 3) {
							reasons.add(e.getMessage());
						}
					}
				}
			}
		}
		return messages.getMessage("cimport.remarks", new Object[] { ok, failed, String.join("; ", reasons) },
				"Remarks set in WeCom: " + ok + ", failed: " + failed, locale);
	}

	// --- mapping ---

	private Mapping validate(Mapping mapping, int columnCount) {
		String key = mapping.key();
		if (!"EXTERNAL_USERID".equals(key) && !"PHONE".equals(key)) {
			throw new BadRequestException("error.import.noKey", "Map one column to external_userid or phone");
		}
		List<String> columns = new ArrayList<>();
		Set<String> used = new HashSet<>();
		Set<String> codes = CustomFields.codes(fields.definitions(false));
		for (int c = 0; c < columnCount; c++) {
			String target = mapping.target(c);
			target = target == null || target.isBlank() ? "IGNORE" : target;
			if (!BASIC_TARGETS.contains(target) && !(target.startsWith("FIELD:") && codes.contains(target.substring(6)))) {
				throw new BadRequestException("error.import.unknownTarget", "Unknown import target '" + target + "'",
						target);
			}
			if (!target.equals("IGNORE") && !used.add(target)) {
				throw new BadRequestException("error.import.duplicateTarget", "Only one column can go into " + target,
						target);
			}
			columns.add(target);
		}
		if (!columns.contains(key)) {
			throw new BadRequestException("error.import.noKey", "Map one column to external_userid or phone");
		}
		return new Mapping(key, columns, mapping.locale() == null ? LocaleContextHolder.getLocale().toLanguageTag()
				: mapping.locale());
	}

	private List<String> guess(List<String> headers) {
		List<CustomField> defs = fields.definitions(false);
		List<String> guesses = new ArrayList<>();
		Set<String> used = new HashSet<>();
		for (String h : headers) {
			String n = h.trim().toLowerCase(Locale.ROOT).replace(" ", "");
			String guess = "IGNORE";
			if (n.contains("external") || n.equals("客户id") || n.equals("userid")) {
				guess = "EXTERNAL_USERID";
			}
			else if (n.contains("phone") || n.contains("mobile") || n.contains("手机") || n.contains("电话")) {
				guess = "PHONE";
			}
			else if (n.contains("remark") || n.equals("备注")) {
				guess = "REMARK";
			}
			else if (n.contains("stage") || n.contains("生命周期") || n.contains("阶段")) {
				guess = "STAGE";
			}
			else if (n.contains("tag") || n.contains("标签")) {
				guess = "TAGS";
			}
			else if (n.contains("note") || n.contains("跟进") || n.contains("记录")) {
				guess = "NOTE";
			}
			else {
				for (CustomField f : defs) {
					if (n.equals(f.code().toLowerCase(Locale.ROOT)) || h.trim().equals(f.label())) {
						guess = "FIELD:" + f.code();
					}
				}
			}
			guesses.add(used.add(guess) || guess.equals("IGNORE") ? guess : "IGNORE");
		}
		return guesses;
	}

	private static String guessKey(List<String> headers) {
		return headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).anyMatch(h -> h.contains("external")
				|| h.equals("userid")) ? "EXTERNAL_USERID" : "PHONE";
	}

	private CustomerJobs.Job requireImport(long id) {
		CustomerJobs.Job job = jobs.get(id);
		if (!KIND.equals(job.kind())) {
			throw new io.siyu.shared.NotFoundException("Import " + id + " not found");
		}
		return job;
	}

	private Mapping mapping(CustomerJobs.Job job) {
		return JSON.readValue(job.params(), Mapping.class);
	}

	private ImportFile.Table table(CustomerJobs.Job job) {
		byte[] content = jobs.file(job.id(), "upload").orElseThrow(() -> new io.siyu.shared.NotFoundException(
				"The file of import " + job.id() + " is gone"));
		return ImportFile.read(job.fileName(), content, Integer.MAX_VALUE);
	}

	private static String quote(String s) {
		String v = s == null ? "" : s;
		if (v.startsWith("=") || v.startsWith("+") || v.startsWith("-") || v.startsWith("@")) {
			v = "'" + v;
		}
		return "\"" + v.replace("\"", "\"\"") + "\"";
	}
}
