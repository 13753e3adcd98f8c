package org.deltarad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.deltarad.stats.Icc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code deltarad icc}: ICC(1) (as ICC::ICCest), ICC(2,1) and ICC(3,1) (as irr::icc, complete
 * subjects only) with 95% bounds, from a long CSV (one row per subject, rater and value).
 */
@Command(name = "icc", mixinStandardHelpOptions = true,
    description = "Intraclass correlation (ICC(1), ICC(2,1), ICC(3,1)) with 95% CIs from a long CSV;"
        + " prints JSON.")
public final class IccCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--input", required = true, description = "CSV file with a header row")
  Path input;

  @Option(names = "--subject", required = true, description = "subject (patient/lesion) column")
  String subjectColumn;

  @Option(names = "--rater", required = true, description = "rater (reader/time point) column")
  String raterColumn;

  @Option(names = "--value", required = true, description = "numeric value column")
  String valueColumn;

  @Override
  public Integer call() throws IOException {
    List<String[]> rows = new ArrayList<>();
    String[] header;
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      String line = in.readLine();
      if (line == null) {
        throw new IllegalArgumentException(input + ": empty file");
      }
      header = split(line);
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = split(line);
        if (f.length != header.length) {
          throw new IllegalArgumentException(input + ": line " + lineNo + " has " + f.length
              + " fields, header has " + header.length);
        }
        rows.add(f);
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(input + ": file not found");
    }
    int s = column(header, subjectColumn);
    int r = column(header, raterColumn);
    int v = column(header, valueColumn);
    int n = rows.size();
    String[] subject = new String[n];
    String[] rater = new String[n];
    double[] value = new double[n];
    for (int i = 0; i < n; i++) {
      String[] f = rows.get(i);
      subject[i] = f[s];
      rater[i] = f[r];
      try {
        value[i] = Double.parseDouble(f[v].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(input + ": line " + (i + 2) + ": value '" + f[v]
            + "' in column " + valueColumn + " is not a number");
      }
      if (!Double.isFinite(value[i])) {
        throw new IllegalArgumentException(input + ": line " + (i + 2) + ": value '" + f[v]
            + "' in column " + valueColumn + " is not finite");
      }
    }
    Icc.Result res;
    try {
      res = Icc.fromLong(subject, rater, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
    }
    ObjectMapper om = new ObjectMapper();
    ObjectNode out = om.createObjectNode();
    put(out, "icc1", res.icc1());
    put(out, "icc2_1", res.icc2_1());
    put(out, "icc3_1", res.icc3_1());
    out.put("subjects", res.subjects());
    out.put("complete_subjects", res.completeSubjects());
    out.put("raters", res.raters());
    spec.commandLine().getOut().println(om.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static void put(ObjectNode out, String key, Icc.Interval iv) {
    ObjectNode o = out.putObject(key);
    o.put("value", iv.value());
    o.put("lower", iv.lower());
    o.put("upper", iv.upper());
  }

  private int column(String[] header, String name) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(input + ": no column '" + name + "' (columns: "
        + String.join(", ", Arrays.asList(header)) + ")");
  }

  /** Comma-separated fields; double quotes around a field are removed (no embedded commas). */
  private static String[] split(String line) {
    String[] f = line.split(",", -1);
    for (int i = 0; i < f.length; i++) {
      String t = f[i].trim();
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1);
      }
      f[i] = t;
    }
    return f;
  }
}
