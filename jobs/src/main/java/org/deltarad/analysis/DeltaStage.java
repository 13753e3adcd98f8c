package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.deltarad.analysis.Harmonized.ScanKey;
import org.deltarad.analysis.Harmonized.Series;
import org.deltarad.analysis.settings.AnalysisSettings;

/**
 * Step 3: per patient and usable feature, the primary reader's harmonized pre and mid values and
 * their delta (the {@code deltas} table); then the patient x feature matrices of the selected
 * features for the patients with both time points and a clinical row. Every patient left out
 * gets a warning naming why.
 */
public final class DeltaStage {
  /** One row of the {@code deltas} table; NaN where a time point is missing. */
  public record Row(String feature, String patient, double pre, double mid, double delta) {}

  public record Result(List<Row> rows, PatientMatrix matrix) {}

  private final AnalysisSettings.TimePoints tp;

  public DeltaStage(AnalysisSettings settings) {
    this.tp = settings.timepoints();
  }

  /**
   * @param allPatients patients with any primary-reader row in the features table
   */
  public Result run(Harmonized h, List<String> selected, Map<String, Clinical> clinical,
      Set<String> allPatients, List<Warning> warnings) {
    Map<String, Map<String, double[]>> byFeature = new TreeMap<>();
    for (Map.Entry<String, Series> e : h.features().entrySet()) {
      Map<String, double[]> byPatient = new TreeMap<>();
      double[] v = e.getValue().value1();
      for (int i = 0; i < v.length; i++) {
        ScanKey k = h.primary().get(i);
        double[] pm = byPatient.computeIfAbsent(k.patient(), x -> new double[] {Double.NaN,
            Double.NaN});
        pm[k.timepoint().equals(tp.pre()) ? 0 : 1] = v[i];
      }
      byFeature.put(e.getKey(), byPatient);
    }
    List<Row> rows = new ArrayList<>();
    byFeature.forEach((f, byPatient) -> byPatient.forEach((p, pm) -> rows.add(
        new Row(f, p, pm[0], pm[1], pm[1] - pm[0]))));
    return new Result(rows, gather(byFeature, selected, clinical, allPatients, warnings));
  }

  private PatientMatrix gather(Map<String, Map<String, double[]>> byFeature,
      List<String> selected, Map<String, Clinical> clinical, Set<String> allPatients,
      List<Warning> warnings) {
    int p = selected.size();
    Map<String, double[][]> kept = new LinkedHashMap<>();
    for (String pid : new TreeSet<>(allPatients)) {
      double[][] v = new double[2][p];
      for (int j = 0; j < p; j++) {
        double[] pm = byFeature.get(selected.get(j)).get(pid);
        v[0][j] = pm == null ? Double.NaN : pm[0];
        v[1][j] = pm == null ? Double.NaN : pm[1];
      }
      boolean hasPre = Arrays.stream(v[0]).allMatch(Double::isFinite);
      boolean hasMid = Arrays.stream(v[1]).allMatch(Double::isFinite);
      if (p > 0 && (!hasPre || !hasMid)) {
        warnings.add(new Warning("deltas", pid, "no usable " + (hasPre ? tp.mid()
            : hasMid ? tp.pre() : tp.pre() + " or " + tp.mid())
            + " scan of reader " + tp.primaryReader() + "; patient left out of the models"));
        continue;
      }
      if (!clinical.containsKey(pid)) {
        warnings.add(new Warning("input", pid, "has features but no clinical row;"
            + " patient left out of the models"));
        continue;
      }
      kept.put(pid, v);
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
}
