package io.siyu.customer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

import io.siyu.shared.Actor;
import io.siyu.shared.Actors;
import io.siyu.shared.Auditor;
import io.siyu.shared.BadRequestException;
import io.siyu.shared.ConflictException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.Role.Permission;
import io.siyu.shared.TenantJdbc;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports the customer list with its filters, within the actor's data scope, as CSV (UTF-8 with BOM, for Excel) or
 * Excel (.xlsx): one row per customer with relations, tag names and custom fields. Phones are whole only for roles
 * that may read them (masked otherwise). Small exports are answered at once; larger ones run as a job whose file is
 * downloaded when done.
 */
@Service
public class CustomerExports implements CustomerJobs.Handler {

	public static final String KIND = "EXPORT";

	static final int MAX = 200_000;

	private static final int CHUNK = 1000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(CustomerQuery.CHINA);

	private final TenantJdbc jdbc;

	private final CustomerJobs jobs;

	private final Customers customers;

	private final CustomerIdentities identities;

	private final CustomFields fields;

	private final TagLabels tagLabels;

	private final MessageSource messages;

	private final Auditor auditor;

	private int atOnce;

	CustomerExports(TenantJdbc jdbc, @Lazy CustomerJobs jobs, Customers customers, CustomerIdentities identities,
			CustomFields fields, TagLabels tagLabels, MessageSource messages, Auditor auditor,
			@Value("${siyu.customer.export.at-once:5000}") int atOnce) {
		this.jdbc = jdbc;
		this.jobs = jobs;
		this.customers = customers;
		this.identities = identities;
		this.fields = fields;
		this.tagLabels = tagLabels;
		this.messages = messages;
		this.auditor = auditor;
		this.atOnce = atOnce;
	}

	public enum Format {
		CSV("csv", "text/csv;charset=UTF-8"), XLSX("xlsx",
				"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

		public final String extension;

		public final String contentType;

		Format(String extension, String contentType) {
			this.extension = extension;
			this.contentType = contentType;
		}

		public static Format of(String raw) {
			for (Format f : values()) {
				if (f.extension.equalsIgnoreCase(raw == null ? "" : raw.trim())) {
					return f;
				}
			}
			throw new BadRequestException("error.export.format", "The export format is csv or xlsx");
		}
	}

	public record ExportFile(String name, String contentType, byte[] content) {
	}

	/** file: the export when it was small enough to make at once; jobId: the job making it otherwise. */
	public record Outcome(ExportFile file, Long jobId) {
	}

	record Params(CustomerFilter filter, String locale) {
	}

	/** For tests: the largest export made at once; returns the previous value. */
	int atOnce(int value) {
		int previous = atOnce;
		atOnce = value;
		return previous;
	}

	public Outcome export(CustomerFilter filter, String format, Locale locale) {
		Actors.require(Permission.CUSTOMERS_EXPORT);
		Format f = Format.of(format);
		long count = customers.count(filter);
		if (count > MAX) {
			throw new BadRequestException("error.export.tooLarge", "At most " + MAX + " customers per export; narrow the"
					+ " filters", String.valueOf(MAX));
		}
		String name = "customers-" + MINUTE.format(Instant.now()).replaceAll("[^0-9]", "") + "." + f.extension;
		if (count <= atOnce) {
			byte[] content = build(filter, f, locale, null);
			auditor.record("customer.export", "customer", null, "Exported " + count + " customers (" + f + ")");
			return new Outcome(new ExportFile(name, f.contentType, content), null);
		}
		long job = jobs.create(KIND, CustomerJobs.Status.QUEUED, "EXPORT", name, f.name(),
				JSON.writeValueAsString(new Params(filter, locale.toLanguageTag())));
		jobs.counts(job, (int) count, 0);
		return new Outcome(null, job);
	}

	@Override
	public String kind() {
		return KIND;
	}

	@Override
	public CustomerJobs.Outcome run(CustomerJobs.Job job) {
		Actors.require(Permission.CUSTOMERS_EXPORT);
		Params params = JSON.readValue(job.params(), Params.class);
		byte[] content = build(params.filter(), Format.valueOf(job.format()),
				Locale.forLanguageTag(params.locale() == null ? "zh-CN" : params.locale()), job.id());
		jobs.saveFile(job.id(), "result", content);
		auditor.record("customer.export", "customer_job", job.id(), "Exported customers (" + job.format() + ")");
		return new CustomerJobs.Outcome(CustomerJobs.Status.DONE, 0, null);
	}

	/** The file of a finished export job of the actor (404 for anyone else, 409 while it runs). */
	public ExportFile result(long jobId) {
		Actors.require(Permission.CUSTOMERS_EXPORT);
		CustomerJobs.Job job = jobs.get(jobId);
		if (!KIND.equals(job.kind())) {
			throw new NotFoundException("Export " + jobId + " not found");
		}
		if (job.status() != CustomerJobs.Status.DONE) {
			throw new ConflictException("error.job.state", "The export is not ready");
		}
		Format f = Format.valueOf(job.format());
		byte[] content = jobs.file(jobId, "result").orElseThrow(() -> new NotFoundException("Export file gone"));
		return new ExportFile(job.fileName(), f.contentType, content);
	}

	private byte[] build(CustomerFilter filter, Format format, Locale locale, Long jobId) {
		Actor actor = Actors.require();
		boolean reveal = actor.can(Permission.CUSTOMER_PHONE_READ);
		List<Long> ids = customers.ids(filter, MAX);
		List<CustomField> defs = fields.definitions(false);
		List<String> headers = new ArrayList<>();
		for (String column : List.of("id", "externalUserId", "name", "phone", "type", "corpName", "stage", "firstAdded",
				"channel", "activeFollows", "follows", "tags")) {
			headers.add(messages.getMessage("cexport.col." + column, null, column, locale));
		}
		defs.forEach(d -> headers.add(d.label()));
		Sink sink = format == Format.CSV ? new CsvSink() : new XlsxSink();
		sink.row(new ArrayList<>(headers));
		if (jobId != null) {
			jobs.progress(jobId, 0, ids.size());
		}
		for (int from = 0; from < ids.size(); from += CHUNK) {
			List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
			List<CustomerSummary> rows = customers.summaries(chunk);
			Map<Long, String> phones = reveal ? phones(chunk) : Map.of();
			Map<Long, Map<String, Object>> values = fields.valuesOf(chunk);
			Set<Long> tagIds = new HashSet<>();
			rows.forEach(r -> tagIds.addAll(r.tagIds()));
			Map<Long, TagLabels.Label> labels = tagLabels.labels(tagIds);
			for (CustomerSummary c : rows) {
				List<Object> row = new ArrayList<>();
				row.add(c.id());
				row.add(c.externalUserId());
				row.add(c.name());
				row.add(reveal ? phones.getOrDefault(c.id(), c.phoneMasked()) : c.phoneMasked());
				row.add(c.type() == null ? null : messages.getMessage("customer.type." + c.type(), null, "", locale));
				row.add(c.corpName());
				row.add(messages.getMessage("stage." + c.stage().name(), null, c.stage().name(), locale));
				row.add(c.firstAddedAt() == null ? null : MINUTE.format(c.firstAddedAt()));
				row.add(c.firstState());
				row.add(c.activeFollows());
				row.add(String.join("、", c.follows().stream().filter(f -> !f.userid().isEmpty())
					.map(f -> (f.staffName() == null ? f.userid() : f.staffName()) + (f.active() ? "" : "(-)")).toList()));
				row.add(String.join("、", c.tagIds().stream().map(labels::get).filter(java.util.Objects::nonNull)
					.map(TagLabels.Label::name).toList()));
				Map<String, Object> v = values.getOrDefault(c.id(), Map.of());
				for (CustomField d : defs) {
					Object value = v.get(d.code());
					row.add(value instanceof List<?> l ? String.join("、", l.stream().map(Object::toString).toList())
							: value instanceof java.time.LocalDate date ? date.toString() : value);
				}
				sink.row(row);
			}
			if (jobId != null) {
				jobs.progress(jobId, Math.min(ids.size(), from + CHUNK), ids.size());
			}
		}
		return sink.finish();
	}

	private Map<Long, String> phones(List<Long> ids) {
		Map<Long, String> phones = new HashMap<>();
		jdbc.sql("select c.id, c.phone_enc from customer c where c.corp_id = :corp and c.id in (:ids)"
				+ " and c.phone_enc is not null and " + CustomerScope.visibleAmong("c.id"))
			.param("ids", ids)
			.list((rs, i) -> phones.put(rs.getLong(1), identities.decrypt(rs.getString(2))));
		return phones;
	}

	private interface Sink {

		void row(List<Object> cells);

		byte[] finish();
	}

	/** A cell that a spreadsheet would run as a formula is written as text (CSV injection). */
	static String safe(String s) {
		if (s != null && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
			return "'" + s;
		}
		return s;
	}

	private static final class CsvSink implements Sink {

		private final StringBuilder out = new StringBuilder("\uFEFF");

		private final CSVPrinter printer;

		CsvSink() {
			try {
				printer = new CSVPrinter(out, CSVFormat.DEFAULT);
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		@Override
		public void row(List<Object> cells) {
			try {
				printer.printRecord(cells.stream().map(c -> c == null ? "" : c instanceof String s ? safe(s)
						: c instanceof BigDecimal n ? n.toPlainString() : c.toString()).toList());
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		@Override
		public byte[] finish() {
			return out.toString().getBytes(StandardCharsets.UTF_8);
		}
	}

	private static final class XlsxSink implements Sink {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private final Workbook workbook = new Workbook(out, "Siyu", "1.0");

		private final Worksheet sheet = workbook.newWorksheet("customers");

		private int row;

		@Override
		public void row(List<Object> cells) {
			for (int c = 0; c < cells.size(); c++) {
				Object v = cells.get(c);
				if (v instanceof Number n) {
					sheet.value(row, c, n);
				}
				else if (v != null) {
					sheet.value(row, c, v.toString());
				}
			}
			if (row == 0) {
				sheet.freezePane(0, 1);
			}
			row++;
		}

		@Override
		public byte[] finish() {
			try {
				workbook.finish();
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			return out.toByteArray();
		}
	}
}
