package org.deltarad.tables;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;

/**
 * A CSV file with a header row, read whole, its columns looked up by name, for the command line.
 * Parsing (quotes, embedded commas and newlines, CR LF, a UTF-8 BOM) is univocity's, which comes
 * with Spark; blank lines are skipped and values trimmed. Every error is one line naming the file
 * and, for a value, its line in the file and its column.
 */
public final class CsvTable {
  private static final int MAX_COLUMNS = 100_000;

  private final String file;
  private final String[] header;
  private final List<String[]> rows;
  /** Line in the file of each row (the header is line 1), for messages. */
  private final List<Long> lines;

  private CsvTable(String file, String[] header, List<String[]> rows, List<Long> lines) {
    this.file = file;
    this.header = header;
    this.rows = rows;
    this.lines = lines;
  }

  /** Reads a local file. */
  public static CsvTable read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + (Files.exists(file) ? ": not a regular file"
          : ": no such file"));
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(file.toString(), in);
    }
  }

  /** Reads a local path or any Hadoop file system URI (hdfs://, s3a://, ...). */
  public static CsvTable read(String location) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    FileSystem fs = path.getFileSystem(new Configuration());
    if (!fs.exists(path)) {
      throw new IllegalArgumentException(location + ": no such file");
    }
    if (fs instanceof LocalFileSystem local
        && !Files.isRegularFile(local.pathToFile(path).toPath())) {
      // opening a FIFO would block until a writer came
      throw new IllegalArgumentException(location + ": not a regular file");
    }
    try (InputStream in = fs.open(path)) {
      return parse(location, in);
    }
  }

  private static CsvTable parse(String file, InputStream in) {
    CsvParserSettings s = new CsvParserSettings();
    s.setHeaderExtractionEnabled(false);
    s.setLineSeparatorDetectionEnabled(true);
    s.setNullValue("");
    s.setEmptyValue("");
    // The defaults (512 columns, 4096 characters a value) are too small for feature tables.
    s.setMaxColumns(MAX_COLUMNS);
    s.setMaxCharsPerColumn(-1);
    CsvParser p = new CsvParser(s);
    String[] header = null;
    List<String[]> rows = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    try {
      p.beginParsing(in, StandardCharsets.UTF_8);
      String[] r;
      while ((r = p.parseNext()) != null) {
        long line = p.getContext().currentLine();
        if (header == null) {
          header = r;
        } else if (r.length != header.length) {
          throw new IllegalArgumentException(file + ": line " + line + " has " + r.length
              + " fields, the header has " + header.length);
        } else {
          rows.add(r);
          lines.add(line);
        }
      }
    } catch (TextParsingException e) {
      // univocity reports too many columns as an index error in its row buffer
      String why = e.getCause() instanceof ArrayIndexOutOfBoundsException
          ? "more than " + MAX_COLUMNS + " columns"
          : message(e.getCause() != null ? e.getCause() : e);
      throw new IllegalArgumentException(file + ": not readable as CSV near line "
          + e.getLineIndex() + " (" + why + ")", e);
    } finally {
      p.stopParsing();
    }
    if (header == null) {
      throw new IllegalArgumentException(file + ": empty file (no header row)");
    }
    return new CsvTable(file, header, rows, lines);
  }

  /** The file as given, for messages. */
  public String file() {
    return file;
  }

  /** Number of data rows (the header not counted). */
  public int size() {
    return rows.size();
  }

  /** Column names in file order. */
  public String[] columns() {
    return header.clone();
  }

  /** The values of a column as text. */
  public String[] strings(String column) {
    int c = index(column);
    String[] v = new String[rows.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = rows.get(i)[c];
    }
    return v;
  }

  /** The values of a column as finite numbers. */
  public double[] numbers(String column) {
    int c = index(column);
    double[] v = new double[rows.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = number(i, c);
    }
    return v;
  }

  /** Survival times: finite and not negative. */
  public double[] times(String column) {
    double[] v = numbers(column);
    for (int i = 0; i < v.length; i++) {
      if (v[i] < 0) {
        throw error(i, "column '" + column + "' has negative time " + rows.get(i)[index(column)]);
      }
    }
    return v;
  }

  /** Event indicators, 1 event and 0 censored, with at least one event. */
  public int[] events(String column) {
    double[] v = numbers(column);
    int[] e = new int[v.length];
    int sum = 0;
    for (int i = 0; i < v.length; i++) {
      if (v[i] != 0 && v[i] != 1) {
        throw error(i, "column '" + column + "' value '" + rows.get(i)[index(column)]
            + "' must be 0 or 1");
      }
      e[i] = (int) v[i];
      sum += e[i];
    }
    if (sum == 0) {
      throw new IllegalArgumentException(file + ": no events (column '" + column
          + "' is all 0)");
    }
    return e;
  }

  private double number(int row, int c) {
    String s = rows.get(row)[c];
    if (s.isEmpty()) {
      throw error(row, "column '" + header[c] + "' is empty");
    }
    double d;
    try {
      d = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw error(row, "column '" + header[c] + "' value '" + s + "' is not a number");
    }
    if (!Double.isFinite(d)) {
      throw error(row, "column '" + header[c] + "' value '" + s + "' is not finite");
    }
    return d;
  }

  private IllegalArgumentException error(int row, String what) {
    return new IllegalArgumentException(file + ": line " + lines.get(row) + ": " + what);
  }

  /** The one column of that name; a name the header repeats is refused as ambiguous. */
  private int index(String column) {
    int found = -1;
    for (int j = 0; j < header.length; j++) {
      if (header[j].equals(column)) {
        if (found >= 0) {
          throw new IllegalArgumentException(file + ": column '" + column
              + "' appears more than once in the header");
        }
        found = j;
      }
    }
    if (found < 0) {
      throw new IllegalArgumentException(file + ": no column '" + column + "' (columns: "
          + String.join(", ", header) + ")");
    }
    return found;
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.replace('\n', ' ');
  }
}
