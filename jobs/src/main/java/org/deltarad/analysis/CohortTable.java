package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deltarad.report.Figures;
import org.deltarad.report.Html;
import org.deltarad.stats.FisherExactTest;
import org.deltarad.stats.MannWhitneyTest;

/**
 * The paper's Table 2: patient characteristics of the training and validation cohorts,
 * continuous ones as median (IQR) compared by Mann-Whitney, categorical ones as counts compared
 * by Fisher's exact test.
 */
final class CohortTable {
  static final StructType SCHEMA = new StructType()
      .add("characteristic", DataTypes.StringType, false)
      .add("training", DataTypes.StringType, true)
      .add("validation", DataTypes.StringType, true)
      .add("test", DataTypes.StringType, true)
      .add("p_value", DataTypes.DoubleType, true);

  private CohortTable() {}

  static List<Row> rows(CohortInput in, String[] patients, boolean[] isTrain,
      Map<String, String> field) {
    List<Row> rows = new ArrayList<>();
    int n = patients.length;
    String[] figo = new String[n];
    String[] prog = new String[n];
    String[] fs = new String[n];
    double[] dia = new double[n];
    double[] pfs = new double[n];
    double[] age = new double[n];
    for (int i = 0; i < n; i++) {
      CohortInput.Clinical c = in.clinical.get(patients[i]);
      figo[i] = Double.isFinite(c.figo()) ? new String[] {"I", "II", "III", "IV"}[
          (int) c.figo() - 1] : null;
      prog[i] = c.event() == 1 ? "yes" : "no";
      fs[i] = field.get(patients[i]);
      dia[i] = c.diameter();
      pfs[i] = c.time();
      String a = c.other().get("age");
      age[i] = parse(a);
    }
    int nt = 0;
    for (boolean b : isTrain) {
      nt += b ? 1 : 0;
    }
    rows.add(RowFactory.create("Patients, n", Integer.toString(nt), Integer.toString(n - nt),
        null, null));
    continuous(rows, "Age, years", age, isTrain);
    categorical(rows, "FIGO stage", figo, isTrain);
    continuous(rows, "Baseline max tumour diameter, cm", dia, isTrain);
    continuous(rows, "Follow-up (PFS time)", pfs, isTrain);
    categorical(rows, "Progression", prog, isTrain);
    categorical(rows, "Field strength, T", fs, isTrain);
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
    double[] x = a.stream().mapToDouble(Double::doubleValue).toArray();
    double[] y = b.stream().mapToDouble(Double::doubleValue).toArray();
    Double p = null;
    if (x.length > 0 && y.length > 0) {
      p = MannWhitneyTest.test(x, y).pValue();
    }
    rows.add(RowFactory.create(name, summary(x), summary(y), "Mann-Whitney U", p));
  }

  private static String summary(double[] v) {
    if (v.length == 0) {
      return "NA";
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return Html.fmt(Figures.quantile(s, 0.5), 1) + " (" + Html.fmt(Figures.quantile(s, 0.25), 1)
        + "-" + Html.fmt(Figures.quantile(s, 0.75), 1) + ")";
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
    Double p = null;
    if (lv.size() >= 2 && Arrays.stream(table).mapToLong(r -> r[0]).sum() > 0
        && Arrays.stream(table).mapToLong(r -> r[1]).sum() > 0) {
      p = FisherExactTest.test(table);
    }
    StringBuilder ta = new StringBuilder();
    StringBuilder va = new StringBuilder();
    for (int l = 0; l < lv.size(); l++) {
      String sep = l == 0 ? "" : ", ";
      ta.append(sep).append(lv.get(l)).append(": ").append(table[l][0]);
      va.append(sep).append(lv.get(l)).append(": ").append(table[l][1]);
    }
    rows.add(RowFactory.create(name, ta.toString(), va.toString(), "Fisher's exact", p));
  }
}
