package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deltarad.stats.FisherExactTest;
import org.deltarad.stats.MannWhitneyTest;
import org.deltarad.stats.Quantiles;

/**
 * The paper's Table 2 as numbers: patient characteristics of the training and validation
 * cohorts, continuous ones as median and quartiles compared by Mann-Whitney, categorical ones as
 * counts per level compared by Fisher's exact test. The report formats them.
 */
public final class CharacteristicsStage {
  /** Continuous (level null; median, q1, q3 per cohort) or one level of a categorical one. */
  public record Row(String characteristic, String level, String test, int trainingN,
      double trainingMedian, double trainingQ1, double trainingQ3, int validationN,
      double validationMedian, double validationQ1, double validationQ3, double pValue) {
    public boolean continuous() {
      return level == null;
    }
  }

  public List<Row> run(PatientMatrix pm, CohortSplit split, Map<String, Clinical> clinical) {
    int n = pm.size();
    String[] figo = new String[n];
    String[] prog = new String[n];
    String[] fs = new String[n];
    double[] dia = new double[n];
    double[] pfs = new double[n];
    double[] age = new double[n];
    for (int i = 0; i < n; i++) {
      Clinical c = clinical.get(pm.patients()[i]);
      figo[i] = Double.isFinite(c.figo()) ? new String[] {"I", "II", "III", "IV"}[
          (int) c.figo() - 1] : null;
      prog[i] = c.event() == 1 ? "yes" : "no";
      fs[i] = split.fieldStrength().get(pm.patients()[i]);
      dia[i] = c.diameter();
      pfs[i] = c.time();
      age[i] = parse(c.other().get("age"));
    }
    boolean[] t = split.training();
    List<Row> rows = new ArrayList<>();
    int nt = split.trainingRows().length;
    rows.add(new Row("Patients", "all", null, nt, Double.NaN, Double.NaN, Double.NaN, n - nt,
        Double.NaN, Double.NaN, Double.NaN, Double.NaN));
    continuous(rows, "Age, years", age, t);
    categorical(rows, "FIGO stage", figo, t);
    continuous(rows, "Baseline max tumour diameter, cm", dia, t);
    continuous(rows, "Follow-up (PFS time)", pfs, t);
    categorical(rows, "Progression", prog, t);
    categorical(rows, "Field strength, T", fs, t);
    return rows;
  }

  private static double parse(String s) {
    try {
      return s == null ? Double.NaN : Double.parseDouble(s);
    } catch (NumberFormatException ex) {
      return Double.NaN;
    }
  }

  private static void continuous(List<Row> rows, String name, double[] v, boolean[] isTrain) {
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
    double p = x.length > 0 && y.length > 0 ? MannWhitneyTest.test(x, y).pValue() : Double.NaN;
    rows.add(new Row(name, null, "Mann-Whitney U", x.length, Quantiles.type7(x, 0.5),
        Quantiles.type7(x, 0.25), Quantiles.type7(x, 0.75), y.length, Quantiles.type7(y, 0.5),
        Quantiles.type7(y, 0.25), Quantiles.type7(y, 0.75), p));
  }

  private static void categorical(List<Row> rows, String name, String[] v, boolean[] isTrain) {
    TreeSet<String> levels = new TreeSet<>();
    for (String s : v) {
      if (s != null) {
        levels.add(s);
      }
    }
    if (levels.isEmpty()) {
      return;
    }
    List<String> lv = new ArrayList<>(levels);
    long[][] table = new long[lv.size()][2];
    for (int i = 0; i < v.length; i++) {
      if (v[i] != null) {
        table[lv.indexOf(v[i])][isTrain[i] ? 0 : 1]++;
      }
    }
    double p = Double.NaN;
    if (lv.size() >= 2 && Arrays.stream(table).mapToLong(r -> r[0]).sum() > 0
        && Arrays.stream(table).mapToLong(r -> r[1]).sum() > 0) {
      p = FisherExactTest.test(table);
    }
    for (int l = 0; l < lv.size(); l++) {
      rows.add(new Row(name, lv.get(l), "Fisher's exact", (int) table[l][0], Double.NaN,
          Double.NaN, Double.NaN, (int) table[l][1], Double.NaN, Double.NaN, Double.NaN, p));
    }
  }
}
