package io.siyu.customer.lost;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.context.MessageSource;

/** Writes lost-customer rows as CSV (UTF-8 with BOM, so Excel shows Chinese) or as an Excel workbook. */
final class LostCustomerExport {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private final MessageSource texts;

	private final Locale locale;

	LostCustomerExport(MessageSource texts, Locale locale) {
		this.texts = texts;
		this.locale = locale;
	}

	void csv(List<LostCustomer> rows, OutputStream out) throws IOException {
		Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		writer.write('\uFEFF');
		try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT)) {
			csv.printRecord(header());
			for (LostCustomer row : rows) {
				csv.printRecord(cells(row));
			}
		}
	}

	void xlsx(List<LostCustomer> rows, OutputStream out) throws IOException {
		Workbook workbook = new Workbook(out, "Siyu", "1.0");
		Worksheet sheet = workbook.newWorksheet(texts.getMessage("lost.title", null, locale));
		List<String> header = header();
		for (int c = 0; c < header.size(); c++) {
			sheet.value(0, c, header.get(c));
			sheet.style(0, c).bold().set();
		}
		for (int r = 0; r < rows.size(); r++) {
			List<String> cells = cells(rows.get(r));
			for (int c = 0; c < cells.size(); c++) {
				sheet.value(r + 1, c, cells.get(c));
			}
		}
		workbook.finish();
	}

	private List<String> header() {
		return List.of("lost.at", "lost.kind", "lost.customer", "lost.externalUserid", "lost.staff", "lost.userid",
				"lost.unit", "lost.notify").stream().map(k -> texts.getMessage(k, null, locale)).toList();
	}

	private List<String> cells(LostCustomer row) {
		Function<String, String> t = k -> texts.getMessage(k, null, locale);
		return List.of(TIME.format(row.at().atZone(LostCustomers.CHINA)), t.apply("lost.kind." + row.kind()),
				safe(row.customerName()), row.externalUserId(), safe(row.staffName()), row.userid(), safe(row.unitName()),
				t.apply("lost.notify." + row.notifyStatus()));
	}

	/** A cell starting like a formula is written as text (no CSV/Excel formula injection). */
	private static String safe(String value) {
		if (value == null) {
			return "";
		}
		return !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
	}
}
