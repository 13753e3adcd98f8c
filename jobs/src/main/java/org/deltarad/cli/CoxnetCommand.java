package org.deltarad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deltarad.stats.CoxNet;
import org.deltarad.stats.CoxNetCv;
import org.deltarad.stats.CoxNetCvResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code deltarad coxnet}: cross-validated LASSO-Cox (glmnet 4.1-6 semantics) on a CSV table;
 * every column other than time and event is a covariate. Prints JSON.
 */
@Command(name = "coxnet", mixinStandardHelpOptions = true,
    description = "Cross-validated LASSO-Cox as cv.glmnet(family=\"cox\"): prints lambda.min,"
        + " lambda.1se and the coefficients at both as JSON.")
public final class CoxnetCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "F.csv",
      description = "CSV with a header row; numeric values")
  Path input;

  @Option(names = "--time", required = true, paramLabel = "COL", description = "time column")
  String timeColumn;

  @Option(names = "--event", required = true, paramLabel = "COL",
      description = "event column (1 = event, 0 = censored)")
  String eventColumn;

  @Option(names = "--folds", defaultValue = "loo", paramLabel = "loo|K",
      description = "leave-one-out (default) or K folds (K >= 3)")
  String folds;

  @Option(names = "--seed", defaultValue = "1", description = "seed for K-fold assignment")
  long seed;

  @Option(names = "--ties", defaultValue = "breslow", paramLabel = "breslow|efron",
      description = "tie handling (glmnet: breslow)")
  String ties;

  @Override
  public Integer call() throws Exception {
    if (!ties.equals("breslow") && !ties.equals("efron")) {
      throw new ParameterException(spec.commandLine(),
          "--ties must be breslow or efron, got '" + ties + "'");
    }
    Table t = Table.read(input, timeColumn, eventColumn);
    int n = t.time.length;
    int[] foldId;
    if (folds.equalsIgnoreCase("loo")) {
      foldId = CoxNetCv.leaveOneOut(n);
    } else {
      int k;
      try {
        k = Integer.parseInt(folds);
      } catch (NumberFormatException e) {
        throw new ParameterException(spec.commandLine(),
            "--folds must be 'loo' or a number of folds, got '" + folds + "'");
      }
      foldId = CoxNetCv.kFold(n, k, seed);
    }
    CoxNet cn = new CoxNet().setTies(CoxNet.Ties.valueOf(ties.toUpperCase()));
    CoxNetCvResult cv;
    try {
      cv = new CoxNetCv(cn).fit(t.x, t.time, t.event, foldId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", n);
    out.put("events", Arrays.stream(t.event).sum());
    out.put("n_folds", cv.numFolds());
    out.put("ties", ties);
    out.put("lambda_min", cv.lambdaMin());
    out.put("lambda_1se", cv.lambda1se());
    out.put("n_lambda", cv.lambda().length);
    out.put("coefficients_min", named(t.names, cv.coefficientsMin()));
    out.put("coefficients_1se", named(t.names, cv.coefficients1se()));
    PrintWriter w = spec.commandLine().getOut();
    w.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(out));
    w.flush();
    return 0;
  }

  private static Map<String, Double> named(String[] names, double[] v) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int j = 0; j < names.length; j++) {
      m.put(names[j], v[j]);
    }
    return m;
  }

  /** The survival table: covariates, time, event. */
  static final class Table {
    double[][] x;
    double[] time;
    int[] event;
    String[] names;

    static Table read(Path file, String timeCol, String eventCol) throws Exception {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(file + ": no such file");
      }
      CsvParserSettings s = new CsvParserSettings();
      s.setHeaderExtractionEnabled(false);
      s.setLineSeparatorDetectionEnabled(true);
      s.setNullValue("");
      s.setEmptyValue("");
      List<String[]> rows;
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        rows = new CsvParser(s).parseAll(r);
      }
      if (rows.isEmpty()) {
        throw new IllegalArgumentException(file + ": empty file");
      }
      String[] head = rows.get(0);
      int ti = indexOf(head, timeCol, file);
      int ei = indexOf(head, eventCol, file);
      if (ti == ei) {
        throw new IllegalArgumentException(file + ": time and event are the same column");
      }
      List<Integer> cov = new ArrayList<>();
      for (int j = 0; j < head.length; j++) {
        if (j != ti && j != ei) {
          cov.add(j);
        }
      }
      if (cov.isEmpty()) {
        throw new IllegalArgumentException(file + ": no covariate columns besides time and event");
      }
      int n = rows.size() - 1;
      Table t = new Table();
      t.names = new String[cov.size()];
      for (int c = 0; c < cov.size(); c++) {
        t.names[c] = head[cov.get(c)].trim();
      }
      t.x = new double[n][cov.size()];
      t.time = new double[n];
      t.event = new int[n];
      for (int i = 0; i < n; i++) {
        String[] r = rows.get(i + 1);
        if (r.length != head.length) {
          throw new IllegalArgumentException(file + ": line " + (i + 2) + " has " + r.length
              + " fields, the header has " + head.length);
        }
        t.time[i] = number(r[ti], file, i, head[ti]);
        if (t.time[i] < 0) {
          throw new IllegalArgumentException(file + ": line " + (i + 2) + ": negative time "
              + r[ti]);
        }
        double e = number(r[ei], file, i, head[ei]);
        if (e != 0 && e != 1) {
          throw new IllegalArgumentException(file + ": line " + (i + 2) + ": event must be 0 or"
              + " 1, got " + r[ei]);
        }
        t.event[i] = (int) e;
        for (int c = 0; c < cov.size(); c++) {
          t.x[i][c] = number(r[cov.get(c)], file, i, head[cov.get(c)]);
        }
      }
      if (n < 2) {
        throw new IllegalArgumentException(file + ": need at least 2 rows, got " + n);
      }
      if (Arrays.stream(t.event).sum() == 0) {
        throw new IllegalArgumentException(file + ": no events (all observations censored)");
      }
      return t;
    }

    private static int indexOf(String[] head, String col, Path file) {
      for (int j = 0; j < head.length; j++) {
        if (head[j] != null && head[j].trim().equals(col)) {
          return j;
        }
      }
      throw new IllegalArgumentException(file + ": no column '" + col + "' (columns: "
          + String.join(", ", Arrays.stream(head).map(String::valueOf).toList()) + ")");
    }

    private static double number(String v, Path file, int row, String col) {
      try {
        double d = Double.parseDouble(v == null ? "" : v.trim());
        if (!Double.isFinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ": line " + (row + 2) + ", column '" + col
            + "': '" + v + "' is not a finite number");
      }
    }
  }
}
