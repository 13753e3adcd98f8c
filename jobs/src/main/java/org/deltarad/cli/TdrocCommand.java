package org.deltarad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deltarad.stats.RightCensoredSample;
import org.deltarad.stats.SurvivalRoc;
import org.deltarad.stats.TimeDependentRoc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deltarad tdroc}: time-dependent AUC of one marker at a horizon (timeROC IPCW estimate
 * with iid SE and 95% CI) plus survivalROC's KM AUC and Youden cut-off, as JSON on stdout.
 */
@Command(name = "tdroc", mixinStandardHelpOptions = true,
    description = "Time-dependent ROC at a horizon: timeROC AUC (IPCW, iid SE, 95% CI),"
        + " survivalROC KM AUC and Youden cut-off. Prints JSON.")
public final class TdrocCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--input", required = true,
      description = "CSV file with a header row (local path or any Hadoop file system URI)")
  String input;

  @Option(names = "--time", required = true, description = "column of follow-up times")
  String timeColumn;

  @Option(names = "--event", required = true, description = "column of event indicators (1/0)")
  String eventColumn;

  @Option(names = "--marker", required = true,
      description = "column of the marker (larger = higher risk)")
  String markerColumn;

  @Option(names = "--horizon", required = true,
      description = "prediction horizon, in the unit of --time (e.g. 60 months)")
  double horizon;

  @Override
  public Integer call() throws IOException {
    List<String[]> rows = readCsv(input);
    String[] header = rows.get(0);
    int ti = column(header, timeColumn);
    int ei = column(header, eventColumn);
    int mi = column(header, markerColumn);
    int n = rows.size() - 1;
    double[] time = new double[n];
    int[] event = new int[n];
    double[] marker = new double[n];
    for (int r = 0; r < n; r++) {
      String[] row = rows.get(r + 1);
      int line = r + 2;
      if (row.length != header.length) {
        throw new IllegalArgumentException(input + " line " + line + ": " + row.length
            + " fields, header has " + header.length);
      }
      time[r] = number(row[ti], timeColumn, line);
      if (time[r] < 0) {
        throw new IllegalArgumentException(input + " line " + line + ": negative time "
            + row[ti]);
      }
      double e = number(row[ei], eventColumn, line);
      if (e != 0 && e != 1) {
        throw new IllegalArgumentException(input + " line " + line + ": event '" + row[ei]
            + "' must be 0 or 1");
      }
      event[r] = (int) e;
      marker[r] = number(row[mi], markerColumn, line);
    }
    if (n < 2) {
      throw new IllegalArgumentException(input + ": need at least 2 subjects, found " + n);
    }
    RightCensoredSample sample = new RightCensoredSample(time, event, input);
    if (sample.eventCount() == 0) {
      throw new IllegalArgumentException(input + ": no events (column '" + eventColumn
          + "' is all 0)");
    }
    if (!Double.isFinite(horizon) || horizon <= 0) {
      throw new IllegalArgumentException("--horizon must be a positive number, got " + horizon);
    }
    TimeDependentRoc.Result roc = TimeDependentRoc.compute(sample, marker, horizon);
    SurvivalRoc.Result km = SurvivalRoc.km(sample, marker, horizon);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("marker", markerColumn);
    out.put("horizon", horizon);
    out.put("n", n);
    out.put("auc", roc.auc());
    out.put("se", roc.se());
    out.put("ci_lower", roc.ciLower());
    out.put("ci_upper", roc.ciUpper());
    out.put("cases", roc.cases());
    out.put("controls", roc.controls());
    out.put("censored", roc.censored());
    out.put("survivalroc_auc", km.auc());
    // -Infinity (no cut beats chance) is written as the string "-Infinity"
    out.put("youden_cutoff", km.youdenCutoff());
    PrintWriter w = spec.commandLine().getOut();
    w.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(out));
    w.flush();
    return 0;
  }

  private int column(String[] header, String name) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(input + ": no column '" + name + "' (columns: "
        + String.join(", ", header) + ")");
  }

  private double number(String s, String col, int line) {
    String v = s.strip();
    try {
      double d = Double.parseDouble(v);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(input + " line " + line + ": column '" + col + "' value '"
        + s + "' is not a finite number");
  }

  /**
   * Minimal CSV (comma separated, double-quoted fields with "" escapes, no embedded newlines):
   * the declared dependencies carry no CSV parser and this is all the command needs.
   */
  private List<String[]> readCsv(String file) throws IOException {
    Path path = new Path(file);
    List<String[]> rows = new ArrayList<>();
    FileSystem fs = path.getFileSystem(new Configuration());
    if (!fs.exists(path)) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          rows.add(split(line));
        }
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(file + ": empty file (no header)");
    }
    return rows;
  }

  private static String[] split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    fields.add(cur.toString());
    return fields.toArray(String[]::new);
  }
}
