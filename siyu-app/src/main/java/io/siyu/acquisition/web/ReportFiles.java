package io.siyu.acquisition.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.siyu.acquisition.AttributionReport;

/** The attribution report as CSV (UTF-8 with BOM, so Excel opens Chinese correctly) or as an Excel workbook. */
final class ReportFiles {

	static final List<String> HEADER = List.of("key", "label", "adds", "lost", "net", "d1_eligible", "d1_retained",
			"d7_eligible", "d7_retained", "d30_eligible", "d30_retained", "lost_rate", "cost_cents", "cost_per_add_cents");

	private ReportFiles() {
	}

	static ResponseEntity<byte[]> csv(List<AttributionReport.Row> rows, String name) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			out.write(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
			try (CSVPrinter p = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
					CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).get())) {
				for (AttributionReport.Row r : rows) {
					p.printRecord(values(r));
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return file(out.toByteArray(), name + ".csv", "text/csv; charset=UTF-8");
	}

	static ResponseEntity<byte[]> xlsx(List<AttributionReport.Row> rows, String name) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			Workbook wb = new Workbook(out, "Siyu", "1.0");
			Worksheet ws = wb.newWorksheet("attribution");
			for (int c = 0; c < HEADER.size(); c++) {
				ws.value(0, c, HEADER.get(c));
			}
			for (int i = 0; i < rows.size(); i++) {
				List<Object> v = values(rows.get(i));
				for (int c = 0; c < v.size(); c++) {
					Object x = v.get(c);
					if (x instanceof Number n) {
						ws.value(i + 1, c, n);
					}
					else if (x != null) {
						ws.value(i + 1, c, x.toString());
					}
				}
			}
			wb.finish();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return file(out.toByteArray(), name + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	}

	private static List<Object> values(AttributionReport.Row r) {
		return java.util.Arrays.asList(r.key(), r.label(), r.adds(), r.lost(), r.net(), r.d1().eligible(),
				r.d1().retained(), r.d7().eligible(), r.d7().retained(), r.d30().eligible(), r.d30().retained(),
				Math.round(r.lostRate() * 10000) / 10000.0, r.costCents(), r.costPerAddCents());
	}

	private static ResponseEntity<byte[]> file(byte[] bytes, String filename, String type) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(type))
			.header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
			.body(bytes);
	}
}
