package org.deltarad.analysis;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Step 3: per patient and selected feature, the harmonized pre and mid values of the primary
 * reader and their delta (mid - pre), computed as a Spark aggregation, then gathered on the
 * driver as small patient x feature matrices for the models (rows sorted by patient id).
 */
public final class PatientMatrix {
  final String[] patients;
  final String[] features;
  final double[][] pre;
  final double[][] mid;
  final double[][] delta;

  private PatientMatrix(String[] patients, String[] features, double[][] pre, double[][] mid,
      double[][] delta) {
    this.patients = patients;
    this.features = features;
    this.pre = pre;
    this.mid = mid;
    this.delta = delta;
  }

  /** The long {@code deltas} table: feature, patient_id, pre, mid, delta. */
  static Dataset<Row> deltas(Dataset<Row> harmonized, AnalysisConfig cfg) {
    return harmonized.filter(col("reader").equalTo(cfg.primaryReader))
        .groupBy("feature", "patient_id")
        .agg(first(when(col("timepoint").equalTo(cfg.preLabel), col("value")), true).as("pre"),
            first(when(col("timepoint").equalTo(cfg.midLabel), col("value")), true).as("mid"))
        .withColumn("delta", col("mid").minus(col("pre")))
        .orderBy("feature", "patient_id");
  }

  /**
   * Gathers the selected features of the patients that have both time points and a clinical
   * row; every patient left out gets a warning naming why.
   */
  static PatientMatrix gather(Dataset<Row> deltas, List<String> selected,
      Map<String, CohortInput.Clinical> clinical, List<String> allPatients,
      AnalysisConfig cfg, List<Warning> warnings) {
    Map<String, double[][]> byPatient = new TreeMap<>();
    Map<String, Integer> fIndex = new HashMap<>();
    for (int i = 0; i < selected.size(); i++) {
      fIndex.put(selected.get(i), i);
    }
    List<Row> rows = deltas.filter(col("feature").isin(selected.toArray())).collectAsList();
    int p = selected.size();
    for (Row r : rows) {
      double[][] v = byPatient.computeIfAbsent(r.getString(1), k -> {
        double[][] a = new double[2][p];
        Arrays.stream(a).forEach(x -> Arrays.fill(x, Double.NaN));
        return a;
      });
      int j = fIndex.get(r.getString(0));
      v[0][j] = r.isNullAt(2) ? Double.NaN : r.getDouble(2);
      v[1][j] = r.isNullAt(3) ? Double.NaN : r.getDouble(3);
    }
    Map<String, double[][]> kept = new LinkedHashMap<>();
    for (String pid : new TreeSet<>(allPatients)) {
      double[][] v = byPatient.get(pid);
      boolean hasPre = v != null && Arrays.stream(v[0]).allMatch(Double::isFinite);
      boolean hasMid = v != null && Arrays.stream(v[1]).allMatch(Double::isFinite);
      if (p > 0 && (!hasPre || !hasMid)) {
        warnings.add(new Warning("deltas", pid, "no usable " + (hasPre ? cfg.midLabel
            : hasMid ? cfg.preLabel : cfg.preLabel + " or " + cfg.midLabel)
            + " scan of reader " + cfg.primaryReader + "; patient left out of the models"));
        continue;
      }
      if (!clinical.containsKey(pid)) {
        warnings.add(new Warning("input", pid, "has features but no clinical row;"
            + " patient left out of the models"));
        continue;
      }
      kept.put(pid, v == null ? new double[2][0] : v);
    }
    for (String pid : clinical.keySet()) {
      if (!allPatients.contains(pid)) {
        warnings.add(new Warning("input", pid, "has a clinical row but no features;"
            + " patient left out of the models"));
      }
    }
    int n = kept.size();
    String[] ids = kept.keySet().toArray(new String[0]);
    double[][] pre = new double[n][];
    double[][] mid = new double[n][];
    double[][] delta = new double[n][p];
    for (int i = 0; i < n; i++) {
      double[][] v = kept.get(ids[i]);
      pre[i] = v[0];
      mid[i] = v[1];
      for (int j = 0; j < p; j++) {
        delta[i][j] = mid[i][j] - pre[i][j];
      }
    }
    return new PatientMatrix(ids, selected.toArray(new String[0]), pre, mid, delta);
  }

  /** Rows of {@code m} for the given patient positions. */
  static double[][] rows(double[][] m, int[] which) {
    double[][] out = new double[which.length][];
    for (int i = 0; i < which.length; i++) {
      out[i] = m[which[i]];
    }
    return out;
  }

  static List<Integer> positions(boolean[] mask) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        out.add(i);
      }
    }
    return out;
  }
}
