package org.deltarad.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.stats.RightCensoredSample;
import org.deltarad.stats.TimeDependentRoc;

/**
 * Step 8: time-dependent AUC at the horizon (timeROC: cumulative/dynamic, IPCW, iid standard
 * error and 95% CI) of every marker in both cohorts, and the pairwise comparison tests. Markers:
 * the signatures' scores, FIGO stage and the baseline tumour-diameter class (Fig. 3), then the
 * tumour-size markers of {@link SizeStage} (Suppl. Table 5). A signature that kept no feature
 * has no AUC: its score is 0 for everybody, and an AUC of 0.5 with a comparison p would report
 * a marker that does not exist.
 */
public final class EvaluateStage {
  public static final String FIGO = "FIGO";
  public static final String TUMOUR_MAX = "Tumour_max";
  public static final String NO_FEATURE = "no feature selected";

  /**
   * @param results cohort -> marker -> result (null where it could not be computed)
   * @param comparisons cohort -> marker -> other marker -> p of the comparison
   * @param notes marker -> why it has no AUC in any cohort (a signature without features)
   */
  public record Auc(double horizon, Map<String, Map<String, TimeDependentRoc.Result>> results,
      Map<String, Map<String, Map<String, Double>>> comparisons, Map<String, String> notes) {

    /** Marker -> validation AUC (NaN where missing). */
    public Map<String, Double> validationAuc() {
      Map<String, Double> out = new LinkedHashMap<>();
      results.get(CohortSplit.VALID).forEach((m, r) -> out.put(m, r == null ? Double.NaN
          : r.auc()));
      return out;
    }
  }

  private final AnalysisSettings settings;

  public EvaluateStage(AnalysisSettings settings) {
    this.settings = settings;
  }

  /** @param sizeMarkers further markers per patient (matrix order), after the paper's four */
  public Auc run(List<Signature> signatures, PatientMatrix pm, Map<String, Clinical> clinical,
      CohortSplit split, Map<String, double[]> sizeMarkers, List<Warning> warnings) {
    Map<String, double[]> markers = new LinkedHashMap<>();
    Map<String, String> notes = new LinkedHashMap<>();
    for (Signature s : signatures) {
      if (s.empty()) {
        notes.put(s.name(), NO_FEATURE);
      }
      markers.put(s.name(), s.scores());
    }
    int n = pm.size();
    double[] figo = new double[n];
    double[] tmax = new double[n];
    for (int i = 0; i < n; i++) {
      Clinical c = clinical.get(pm.patients()[i]);
      figo[i] = c.figo();
      tmax[i] = diameterClass(c.diameter(), settings.roc().diameterBreaks());
    }
    markers.put(FIGO, figo);
    markers.put(TUMOUR_MAX, tmax);
    markers.putAll(sizeMarkers);
    double horizon = settings.roc().horizon();
    Map<String, Map<String, TimeDependentRoc.Result>> results = new LinkedHashMap<>();
    Map<String, Map<String, Map<String, Double>>> comparisons = new LinkedHashMap<>();
    for (CohortSplit.Cohort c : CohortSplit.Cohort.values()) {
      String cohort = c.label();
      int[] idx = split.rows(c);
      Map<String, TimeDependentRoc.Result> res = cohortAucs(cohort, idx, markers, notes, split,
          horizon, warnings);
      results.put(cohort, res);
      comparisons.put(cohort, compare(res));
    }
    return new Auc(horizon, results, comparisons, notes);
  }

  private static Map<String, TimeDependentRoc.Result> cohortAucs(String cohort, int[] idx,
      Map<String, double[]> markers, Map<String, String> notes, CohortSplit split,
      double horizon, List<Warning> warnings) {
    Map<String, TimeDependentRoc.Result> res = new LinkedHashMap<>();
    RightCensoredSample sample = null;
    try {
      sample = new RightCensoredSample(CohortSplit.pick(split.time(), idx),
          CohortSplit.pick(split.event(), idx), cohort + " cohort");
    } catch (IllegalArgumentException ex) {
      warnings.add(new Warning("roc", cohort, "no AUC: " + ex.getMessage()));
    }
    for (Map.Entry<String, double[]> m : markers.entrySet()) {
      double[] marker = CohortSplit.pick(m.getValue(), idx);
      TimeDependentRoc.Result r = null;
      if (sample != null && !notes.containsKey(m.getKey())) {
        boolean complete = true;
        for (double v : marker) {
          complete &= Double.isFinite(v);
        }
        if (!complete) {
          warnings.add(new Warning("roc", m.getKey() + " " + cohort, "marker missing for"
              + " some patients; no AUC (timeROC needs every subject's marker)"));
        } else {
          try {
            r = TimeDependentRoc.compute(sample, marker, horizon);
          } catch (IllegalArgumentException ex) {
            warnings.add(new Warning("roc", m.getKey() + " " + cohort, "no AUC: "
                + ex.getMessage()));
          }
        }
      }
      res.put(m.getKey(), r);
    }
    return res;
  }

  private static Map<String, Map<String, Double>> compare(
      Map<String, TimeDependentRoc.Result> res) {
    Map<String, Map<String, Double>> cmp = new LinkedHashMap<>();
    for (Map.Entry<String, TimeDependentRoc.Result> a : res.entrySet()) {
      Map<String, Double> row = new LinkedHashMap<>();
      for (Map.Entry<String, TimeDependentRoc.Result> b : res.entrySet()) {
        if (a.getKey().equals(b.getKey()) || a.getValue() == null || b.getValue() == null) {
          continue;
        }
        row.put(b.getKey(), TimeDependentRoc.compare(a.getValue(), b.getValue()));
      }
      cmp.put(a.getKey(), row);
    }
    return cmp;
  }

  /** Diameter class 1, 2, ... by the breaks (d <= b1 is class 1); NaN when missing. */
  static double diameterClass(double d, List<Double> breaks) {
    if (!Double.isFinite(d)) {
      return Double.NaN;
    }
    int c = 1;
    for (double b : breaks) {
      if (d > b) {
        c++;
      }
    }
    return c;
  }
}
