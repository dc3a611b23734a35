package io.siyu.customer.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;

import io.siyu.shared.BadRequestException;

/**
 * Reads an uploaded CSV (UTF-8 with or without BOM, or GB18030 as Excel for Chinese Windows saves it) or Excel
 * (.xlsx, first sheet) file into a header row and data rows of strings. Blank rows are skipped but keep their row
 * numbers (row 1 is the header, as a spreadsheet shows it). A file that cannot be read is refused with a 400.
 */
public final class ImportFile {

	private ImportFile() {
	}

	/** One data row: its number as in the file (the header is row 1) and its cells. */
	public record Line(int number, List<String> cells) {

		public String cell(int column) {
			return column < cells.size() ? cells.get(column) : "";
		}
	}

	public record Table(Format format, List<String> headers, List<Line> lines) {
	}

	public enum Format {
		CSV, XLSX;

		public static Format of(String fileName) {
			String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
			if (name.endsWith(".csv") || name.endsWith(".txt")) {
				return CSV;
			}
			if (name.endsWith(".xlsx")) {
				return XLSX;
			}
			throw new BadRequestException("error.import.format", "Only CSV and Excel (.xlsx) files can be imported");
		}
	}

	public static Table read(String fileName, byte[] content, int maxRows) {
		Format format = Format.of(fileName);
		if (content == null || content.length == 0) {
			throw new BadRequestException("error.import.empty", "The file is empty");
		}
		List<List<String>> rows = new ArrayList<>();
		try {
			if (format == Format.CSV) {
				readCsv(content, rows, maxRows);
			}
			else {
				readXlsx(content, rows, maxRows);
			}
		}
		catch (BadRequestException e) {
			throw e;
		}
		catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException
				| org.dhatim.fastexcel.reader.ExcelReaderException e) {
			String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
			why = why.length() > 200 ? why.substring(0, 200) : why;
			throw new BadRequestException("error.import.malformed", "The file cannot be read: " + why, why);
		}
		if (rows.isEmpty()) {
			throw new BadRequestException("error.import.noHeader", "The file has no header row or no data rows");
		}
		List<String> headers = rows.get(0).stream().map(String::trim).toList();
		List<Line> lines = new ArrayList<>();
		for (int i = 1; i < rows.size(); i++) {
			List<String> cells = rows.get(i);
			if (cells.stream().allMatch(String::isBlank)) {
				continue;
			}
			lines.add(new Line(i + 1, cells.stream().map(String::trim).toList()));
		}
		if (headers.stream().allMatch(String::isBlank) || lines.isEmpty()) {
			throw new BadRequestException("error.import.noHeader", "The file has no header row or no data rows");
		}
		if (lines.size() > maxRows) {
			throw new BadRequestException("error.import.tooManyRows", "Too many rows: at most " + maxRows,
					String.valueOf(maxRows));
		}
		return new Table(format, headers, lines);
	}

	private static void readCsv(byte[] content, List<List<String>> rows, int maxRows) throws IOException {
		String text = decode(content);
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		if (text.indexOf('\0') >= 0) {
			throw new IOException("binary content, not a CSV file");
		}
		char delimiter = text.lines().findFirst().map(l -> l.indexOf('\t') >= 0 && l.indexOf(',') < 0 ? '\t' : ',')
			.orElse(',');
		CSVFormat csv = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
		try (CSVParser parser = CSVParser.parse(new StringReader(text), csv)) {
			Iterator<CSVRecord> it = parser.iterator();
			while (it.hasNext()) {
				CSVRecord record = it.next();
				List<String> cells = new ArrayList<>(record.size());
				record.forEach(cells::add);
				rows.add(cells);
				if (rows.size() > (long) maxRows + 1001) {
					throw new BadRequestException("error.import.tooManyRows", "Too many rows: at most " + maxRows,
					String.valueOf(maxRows));
				}
			}
		}
	}

	private static void readXlsx(byte[] content, List<List<String>> rows, int maxRows) throws IOException {
		try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(content), new ReadingOptions(true, false));
				Stream<Row> sheet = book.getFirstSheet().openStream()) {
			Iterator<Row> it = sheet.iterator();
			while (it.hasNext()) {
				Row row = it.next();
				// rows may be sparse: keep spreadsheet numbering
				while (rows.size() < row.getRowNum() - 1) {
					rows.add(List.of());
				}
				List<String> cells = new ArrayList<>();
				for (int c = 0; c < row.getCellCount(); c++) {
					cells.add(text(row.getCell(c)));
				}
				rows.add(cells);
				if (rows.size() > (long) maxRows + 1001) {
					throw new BadRequestException("error.import.tooManyRows", "Too many rows: at most " + maxRows,
					String.valueOf(maxRows));
				}
			}
		}
	}

	private static String text(Cell cell) {
		if (cell == null || cell.getType() == CellType.EMPTY) {
			return "";
		}
		if (cell.getType() == CellType.NUMBER) {
			String format = cell.getDataFormatString();
			if (format != null && isDateFormat(format)) {
				return cell.asDate().toLocalDate().toString();
			}
			BigDecimal n = cell.asNumber();
			return n.stripTrailingZeros().toPlainString();
		}
		if (cell.getType() == CellType.BOOLEAN) {
			return String.valueOf(cell.asBoolean());
		}
		String raw = cell.getText();
		return raw == null ? "" : raw;
	}

	private static boolean isDateFormat(String format) {
		String f = format.toLowerCase(Locale.ROOT).replaceAll("\"[^\"]*\"|\\[[^]]*]", "");
		return (f.contains("y") || f.contains("d")) && !f.equals("general");
	}

	/** UTF-8 when the bytes are valid UTF-8; otherwise GB18030 (Excel's CSV on Chinese Windows). */
	private static String decode(byte[] content) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(content))
				.toString();
		}
		catch (CharacterCodingException e) {
			return new String(content, Charset.forName("GB18030"));
		}
	}
}
