package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.stats.FisherExactTest;
import org.deltarad.stats.MannWhitneyTest;
import org.deltarad.stats.Quantiles;

/**
 * The paper's Table 2 as numbers: the whole cohort, the training and the validation cohort.
 * Rows: the clinical columns listed in {@code clinical.continuous} (median and quartiles,
 * Mann-Whitney U between the cohorts) and {@code clinical.categorical} (counts per level,
 * Fisher's exact test), then FIGO stage, the maximum tumour diameter at baseline and at mid
 * treatment in the classes of {@code roc.diameter_breaks} (the paper's <= 2, > 2 and <= 4,
 * > 4 cm) and progression. Missing values are left out of their row. The report formats them.
 */
public final class CharacteristicsStage {
  public static final String MANN_WHITNEY = "Mann-Whitney U";
  public static final String FISHER = "Fisher's exact";

  /** Continuous (level null; median, q1, q3 per cohort) or one level of a categorical one. */
  public record Row(String characteristic, String level, String test, int totalN,
      double totalMedian, double totalQ1, double totalQ3, int trainingN, double trainingMedian,
      double trainingQ1, double trainingQ3, int validationN, double validationMedian,
      double validationQ1, double validationQ3, double pValue) {
    public boolean continuous() {
      return level == null;
    }
  }

  private final AnalysisSettings settings;

  public CharacteristicsStage(AnalysisSettings settings) {
    this.settings = settings;
  }

  public List<Row> run(PatientMatrix pm, CohortSplit split, Map<String, Clinical> clinical,
      List<Warning> warnings) {
    int n = pm.size();
    Clinical[] c = new Clinical[n];
    for (int i = 0; i < n; i++) {
      c[i] = clinical.get(pm.patients()[i]);
    }
    boolean[] t = split.training();
    int nt = split.trainingRows().length;
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("Patients", "all", null, n, Double.NaN, Double.NaN, Double.NaN, nt,
        Double.NaN, Double.NaN, Double.NaN, n - nt, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN));
    AnalysisSettings.Clinical cols = settings.clinical();
    for (String col : cols.continuous()) {
      double[] v = new double[n];
      int bad = 0;
      for (int i = 0; i < n; i++) {
        String s = c[i].other().get(col);
        v[i] = parse(s);
        bad += s != null && !s.isBlank() && !s.equalsIgnoreCase("NA") && Double.isNaN(v[i])
            ? 1 : 0;
      }
      if (!present(col, c, warnings)) {
        continue;
      }
      if (bad > 0) {
        warnings.add(new Warning("characteristics", col, bad + " value(s) are not numbers;"
            + " left out of Table 2"));
      }
      continuous(rows, col, v, t, problem(warnings, col));
    }
    for (String col : cols.categorical()) {
      if (present(col, c, warnings)) {
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
          String s = c[i].other().get(col);
          v[i] = s == null || s.isBlank() || s.equalsIgnoreCase("NA") ? null : s;
        }
        categorical(rows, col, v, t, null, problem(warnings, col));
      }
    }
    String[] figo = new String[n];
    String[] pre = new String[n];
    String[] mid = new String[n];
    String[] prog = new String[n];
    List<Double> breaks = settings.roc().diameterBreaks();
    for (int i = 0; i < n; i++) {
      figo[i] = Double.isFinite(c[i].figo()) ? new String[] {"I", "II", "III", "IV"}[
          (int) c[i].figo() - 1] : null;
      pre[i] = diameterClass(c[i].diameter(), breaks);
      mid[i] = diameterClass(c[i].midDiameter(), breaks);
      prog[i] = c[i].event() == 1 ? "yes" : "no";
    }
    String preName = "Max tumour diameter at " + settings.timepoints().pre();
    String midName = "Max tumour diameter at " + settings.timepoints().mid();
    categorical(rows, "FIGO stage", figo, t, null, problem(warnings, "FIGO stage"));
    categorical(rows, preName, pre, t, classLabels(breaks), problem(warnings, preName));
    categorical(rows, midName, mid, t, classLabels(breaks), problem(warnings, midName));
    categorical(rows, "Progression", prog, t, List.of("yes", "no"),
        problem(warnings, "Progression"));
    return rows;
  }

  /** A Table 2 row's test that could not be computed, as a warning naming the row. */
  private static Consumer<String> problem(List<Warning> warnings, String row) {
    return why -> warnings.add(new Warning("characteristics", row, why + "; p left empty"));
  }

  /** Whether any patient has the column; a warning when none has. */
  private static boolean present(String col, Clinical[] c, List<Warning> warnings) {
    boolean any = Arrays.stream(c).anyMatch(x -> x.other().containsKey(col));
    if (!any) {
      warnings.add(new Warning("characteristics", col, "not a column of the clinical table;"
          + " no Table 2 row (clinical.continuous / clinical.categorical)"));
    }
    return any;
  }

  /** "<= 2 cm", "> 2 and <= 4 cm", "> 4 cm" for breaks 2, 4. */
  static List<String> classLabels(List<Double> breaks) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k <= breaks.size(); k++) {
      String lo = k == 0 ? null : "> " + num(breaks.get(k - 1));
      String hi = k == breaks.size() ? null : "<= " + num(breaks.get(k));
      out.add((lo == null ? hi : hi == null ? lo : lo + " and " + hi) + " cm");
    }
    return out;
  }

  private static String diameterClass(double d, List<Double> breaks) {
    double k = EvaluateStage.diameterClass(d, breaks);
    return Double.isNaN(k) ? null : classLabels(breaks).get((int) k - 1);
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
  }

  private static double parse(String s) {
    try {
      return s == null ? Double.NaN : Double.parseDouble(s.trim());
    } catch (NumberFormatException ex) {
      return Double.NaN;
    }
  }

  /**
   * A continuous row: median and quartiles of the finite values in all, training and validation
   * (isTrain), Mann-Whitney U between the two; no row when no value is finite. A test that
   * cannot be computed (all values tied, say) gives p NaN and its reason to {@code problem}.
   */
  static void continuous(List<Row> rows, String name, double[] v, boolean[] isTrain,
      Consumer<String> problem) {
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      if (Double.isFinite(v[i])) {
        (isTrain[i] ? a : b).add(v[i]);
      }
    }
    if (a.isEmpty() && b.isEmpty()) {
      return;
    }
    double[] x = a.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] y = b.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] all = java.util.stream.DoubleStream.concat(Arrays.stream(x), Arrays.stream(y))
        .sorted().toArray();
    double p = Double.NaN;
    if (x.length > 0 && y.length > 0) {
      try {
        p = MannWhitneyTest.pValue(x, y);
      } catch (IllegalArgumentException ex) {
        problem.accept(ex.getMessage());
      }
    }
    rows.add(new Row(name, null, MANN_WHITNEY, all.length, Quantiles.type7(all, 0.5),
        Quantiles.type7(all, 0.25), Quantiles.type7(all, 0.75), x.length,
        Quantiles.type7(x, 0.5), Quantiles.type7(x, 0.25), Quantiles.type7(x, 0.75), y.length,
        Quantiles.type7(y, 0.5), Quantiles.type7(y, 0.25), Quantiles.type7(y, 0.75), p));
  }

  /**
   * One row per level of the non-null values, counts in all, training and validation, Fisher's
   * exact test of the level-by-cohort table; no rows when every value is null. A test that
   * cannot be computed gives p NaN and its reason to {@code problem}.
   *
   * @param order levels in display order (levels seen but not listed follow, sorted); null:
   *     sorted levels. Listed levels nobody has are shown with 0 and left out of the test.
   */
  static void categorical(List<Row> rows, String name, String[] v, boolean[] isTrain,
      List<String> order, Consumer<String> problem) {
    TreeSet<String> seen = new TreeSet<>();
    for (String s : v) {
      if (s != null) {
        seen.add(s);
      }
    }
    if (seen.isEmpty()) {
      return;
    }
    LinkedHashSet<String> levels = new LinkedHashSet<>(order == null ? List.of() : order);
    levels.addAll(seen);
    List<String> lv = new ArrayList<>(levels);
    long[][] table = new long[lv.size()][2];
    for (int i = 0; i < v.length; i++) {
      if (v[i] != null) {
        table[lv.indexOf(v[i])][isTrain[i] ? 0 : 1]++;
      }
    }
    long[][] observed = Arrays.stream(table).filter(r -> r[0] + r[1] > 0)
        .toArray(long[][]::new);
    double p = Double.NaN;
    if (observed.length >= 2 && Arrays.stream(observed).mapToLong(r -> r[0]).sum() > 0
        && Arrays.stream(observed).mapToLong(r -> r[1]).sum() > 0) {
      try {
        p = FisherExactTest.test(observed);
      } catch (IllegalArgumentException ex) {
        problem.accept("no p-value (" + ex.getMessage() + ")");
      }
    }
    for (int l = 0; l < lv.size(); l++) {
      rows.add(new Row(name, lv.get(l), FISHER, (int) (table[l][0] + table[l][1]), Double.NaN,
          Double.NaN, Double.NaN, (int) table[l][0], Double.NaN, Double.NaN, Double.NaN,
          (int) table[l][1], Double.NaN, Double.NaN, Double.NaN, p));
    }
  }
}
