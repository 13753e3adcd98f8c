package org.deltarad.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.deltarad.tables.AnalysisTables;
import org.deltarad.tables.CsvTable;
import org.deltarad.tables.ParquetFiles;

/**
 * A signature to apply to a cohort: the values it takes (deltas or pre-treatment values), its
 * features and coefficients in the order it was fitted (so that the linear predictor adds them
 * in the analysis' order), and the cut-off between its low and high groups (NaN: none).
 *
 * @param source where it was read, for the run record
 */
public record SavedSignature(String name, Signature.Kind kind, String[] features,
    double[] coefficients, double cutoff, String source) {

  /** Features with a non-zero coefficient, in order, with their coefficients. */
  public Map<String, Double> nonZero() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int j = 0; j < features.length; j++) {
      if (coefficients[j] != 0) {
        m.put(features[j], coefficients[j]);
      }
    }
    return m;
  }

  /** The kind a signature name stands for: Delta_rad or Pre_rad; else a one-line error. */
  public static Signature.Kind kind(String name) {
    for (Signature.Kind k : Signature.Kind.values()) {
      if (k.label().equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown signature '" + name + "': known are "
        + Signature.DELTA + " (deltas) and " + Signature.PRE + " (pre-treatment values)");
  }

  /**
   * A signature of an analysis: its rows of the {@code signatures} table and its cut-off from
   * the {@code cutoffs} table beside it.
   */
  public static SavedSignature fromAnalysis(Configuration conf, String analysisDir, String name)
      throws IOException {
    String dir = analysisDir + "/" + AnalysisTables.SIGNATURES.name();
    ParquetFiles.Table t = ParquetFiles.read(conf, dir);
    List<String> features = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>();
    for (Object[] r : t.rows()) {
      String sig = (String) r[t.column("signature")];
      names.add(sig);
      if (sig.equals(name)) {
        features.add((String) r[t.column("feature")]);
        b.add(((Number) r[t.column("coefficient")]).doubleValue());
      }
    }
    if (features.isEmpty()) {
      throw new IllegalArgumentException(dir + " has no signature '" + name + "' (it has "
          + String.join(", ", names) + ")");
    }
    ParquetFiles.Table c = ParquetFiles.read(conf, analysisDir + "/"
        + AnalysisTables.CUTOFFS.name());
    double cutoff = Double.NaN;
    for (Object[] r : c.rows()) {
      if (name.equals(r[c.column("signature")]) && r[c.column("cutoff")] instanceof Number n) {
        cutoff = n.doubleValue();
      }
    }
    return new SavedSignature(name, kind(name), features.toArray(new String[0]),
        b.stream().mapToDouble(Double::doubleValue).toArray(), cutoff, dir);
  }

  /**
   * Published coefficients: a CSV with columns {@code feature, coefficient} (one row per
   * feature, PyRadiomics names as in the features table).
   *
   * @param cutoff the published cut-off on the same score scale, or NaN for none
   */
  public static SavedSignature fromCsv(String path, String name, double cutoff)
      throws IOException {
    CsvTable csv = CsvTable.read(path);
    List<String> cols = List.of(csv.columns());
    if (!cols.contains("feature") || !cols.contains("coefficient")) {
      throw new IllegalArgumentException(path + ": published coefficients need columns feature,"
          + " coefficient; found " + String.join(", ", cols));
    }
    String[] f = csv.strings("feature");
    String[] v = csv.strings("coefficient");
    double[] b = new double[f.length];
    TreeSet<String> seen = new TreeSet<>();
    for (int i = 0; i < f.length; i++) {
      String where = path + " row " + (i + 1);
      if (f[i] == null || f[i].isBlank() || !seen.add(f[i])) {
        throw new IllegalArgumentException(where + ": feature " + (f[i] == null
            || f[i].isBlank() ? "missing" : f[i] + " given twice"));
      }
      try {
        b[i] = Double.parseDouble(v[i].trim());
      } catch (RuntimeException ex) {
        b[i] = Double.NaN;
      }
      if (!Double.isFinite(b[i])) {
        throw new IllegalArgumentException(where + ": coefficient '" + v[i]
            + "' of " + f[i] + " is not a finite number");
      }
    }
    if (f.length == 0) {
      throw new IllegalArgumentException(path + ": no coefficients");
    }
    return new SavedSignature(name, kind(name), f, b, cutoff, path);
  }
}
