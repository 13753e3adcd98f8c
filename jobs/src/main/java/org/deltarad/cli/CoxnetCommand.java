package org.deltarad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deltarad.stats.CoxNet;
import org.deltarad.stats.CoxNetCv;
import org.deltarad.stats.CoxNetCvResult;
import org.deltarad.tables.CsvTable;
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
  CoxNet.Ties ties;

  /** --folds K, checked before any input is read (at most the row count is checked later). */
  private int parseFolds() {
    try {
      int k = Integer.parseInt(folds);
      if (k >= 3) {
        return k;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ParameterException(spec.commandLine(),
        "--folds must be 'loo' or a number of folds >= 3, got '" + folds + "'");
  }

  @Override
  public Integer call() throws Exception {
    int k = folds.equalsIgnoreCase("loo") ? -1 : parseFolds();
    Table t = Table.read(input, timeColumn, eventColumn);
    int n = t.time().length;
    int[] foldId = k < 0 ? CoxNetCv.leaveOneOut(n) : CoxNetCv.kFold(n, k, seed);
    CoxNet cn = new CoxNet().setTies(ties);
    CoxNetCvResult cv;
    try {
      cv = new CoxNetCv(cn).fit(t.x(), t.time(), t.event(), foldId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", n);
    out.put("events", Arrays.stream(t.event()).sum());
    out.put("n_folds", cv.numFolds());
    out.put("ties", ties.name().toLowerCase(java.util.Locale.ROOT));
    out.put("lambda_min", cv.lambdaMin());
    out.put("lambda_1se", cv.lambda1se());
    out.put("n_lambda", cv.lambda().length);
    out.put("coefficients_min", named(t.names(), cv.coefficientsMin()));
    out.put("coefficients_1se", named(t.names(), cv.coefficients1se()));
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

  /** The survival table: covariates (every other column), time, event. */
  record Table(double[][] x, double[] time, int[] event, String[] names) {
    static Table read(Path file, String timeCol, String eventCol) throws IOException {
      CsvTable csv = CsvTable.read(file);
      if (timeCol.equals(eventCol)) {
        throw new IllegalArgumentException(file + ": time and event are the same column");
      }
      double[] time = csv.times(timeCol);
      int[] event = csv.events(eventCol);
      String[] names = Arrays.stream(csv.columns())
          .filter(c -> !c.equals(timeCol) && !c.equals(eventCol)).toArray(String[]::new);
      if (names.length == 0) {
        throw new IllegalArgumentException(file + ": no covariate columns besides time and event");
      }
      int n = csv.size();
      if (n < 2) {
        throw new IllegalArgumentException(file + ": need at least 2 rows, got " + n);
      }
      double[][] x = new double[n][names.length];
      for (int c = 0; c < names.length; c++) {
        double[] v = csv.numbers(names[c]);
        for (int i = 0; i < n; i++) {
          x[i][c] = v[i];
        }
      }
      return new Table(x, time, event, names);
    }
  }
}
