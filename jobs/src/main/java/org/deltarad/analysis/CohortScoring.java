package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;
import org.deltarad.stats.RightCensoredSample;
import org.deltarad.stats.TimeDependentRoc;

/**
 * Applies a saved signature to a cohort (external validation), without Spark: each scan of the
 * primary reader is standardised with the given parameters ({@link Standardization}: the
 * training cohort's scanner model and z-scoring, or the scored cohort's own), the signature's
 * values are formed (delta = mid - pre, or pre), the risk score is the linear predictor
 * {@code sum_j x_j b_j} in the signature's feature order, and a patient is high risk when the
 * score is above the cut-off. With clinical data: the time-dependent AUC at the horizon and the
 * Kaplan-Meier curves and log-rank test of the two groups, by the analysis' own stages.
 */
public final class CohortScoring {
  /** The scores and what was computed from them; {@code auc}, {@code km} null without them. */
  public record Result(SavedSignature signature, String cohort, String[] patients,
      double[] scores, String[] groups, EvaluateStage.Auc auc, SurvivalStage.Km km,
      List<Warning> warnings) {}

  private final AnalysisSettings settings;

  public CohortScoring(AnalysisSettings settings) {
    this.settings = settings;
  }

  /**
   * @param std the parameters; null to fit them on this cohort (the analysis' harmonisation
   *     and z-scoring of its primary-reader scans)
   * @param clinical clinical rows by patient (empty: scores only)
   */
  public Result run(SavedSignature sig, Standardization std, CohortData data,
      Map<String, Clinical> clinical, String cohort) {
    List<Warning> warnings = new ArrayList<>();
    Map<String, Double> b = sig.nonZero();
    if (b.isEmpty()) {
      throw new IllegalArgumentException("signature " + sig.name() + " (" + sig.source()
          + ") has no feature with a non-zero coefficient: there is nothing to score");
    }
    List<String> missing = b.keySet().stream().filter(f -> !data.features().contains(f))
        .toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the features table lacks " + missing.size()
          + " feature(s) of signature " + sig.name() + ": " + String.join(", ", missing));
    }
    if (std == null) {
      std = new HarmonizeStage(settings, WorkPool.local()).run(data, warnings).standardization();
    }
    checkParameters(sig, std, b);
    Map<String, double[]> values = patientValues(sig, std, data, b, warnings);
    String[] patients = values.keySet().toArray(new String[0]);
    double[] scores = new double[patients.length];
    String[] groups = new String[patients.length];
    for (int i = 0; i < patients.length; i++) {
      double[] x = values.get(patients[i]);
      double s = 0;
      int j = 0;
      for (double coef : b.values()) {
        s += x[j++] * coef;
      }
      scores[i] = s;
      groups[i] = Double.isFinite(sig.cutoff()) ? s > sig.cutoff() ? "high" : "low" : null;
    }
    if (patients.length == 0) {
      throw new IllegalArgumentException("no patient of the features table could be scored"
          + " (see the warnings: " + warnings.stream().limit(3).map(Warning::message).toList()
          + ")");
    }
    return outcomes(sig, cohort, patients, scores, groups, clinical, warnings);
  }

  private static void checkParameters(SavedSignature sig, Standardization std,
      Map<String, Double> b) {
    for (String f : b.keySet()) {
      boolean noModel = (std.method() == HarmonizationMethod.OLS
          && !std.coefficients().containsKey(f)) || (std.method() == HarmonizationMethod.COMBAT
          && !std.combat().containsKey(f));
      if (noModel || !std.zscores().isEmpty() && !std.zscores().containsKey(f)) {
        throw new IllegalArgumentException("feature " + f + " of signature " + sig.name()
            + " has no saved " + (noModel ? "harmonization model" : "z-scoring")
            + " (it was not usable in the cohort the parameters come from)");
      }
    }
  }

  /** Patient -> the signature's values (features in {@code b}'s order), sorted by patient. */
  private Map<String, double[]> patientValues(SavedSignature sig, Standardization std,
      CohortData data, Map<String, Double> b, List<Warning> warnings) {
    AnalysisSettings.TimePoints tp = settings.timepoints();
    boolean delta = sig.kind() == Signature.Kind.DELTA_RAD;
    List<Scan> scans = new ArrayList<>();
    List<double[]> design = new ArrayList<>();
    List<String> batches = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Scan s : data.scans()) {
      if (!s.reader().equals(tp.primaryReader()) || !(s.timepoint().equals(tp.pre())
          || delta && s.timepoint().equals(tp.mid()))) {
        continue;
      }
      if (seen.put(s.patient() + '\u0001' + s.timepoint(), s.patient()) != null) {
        throw new IllegalArgumentException("the features table has two rows for patient "
            + s.patient() + ", " + s.timepoint() + ", reader " + tp.primaryReader());
      }
      double[] row = designRow(std, s, warnings);
      String batch = row == null ? null : batch(std, s, warnings);
      if (batch != null) {
        scans.add(s);
        design.add(row);
        batches.add(batch);
      }
    }
    Map<String, double[][]> byPatient = new TreeMap<>();
    int j = 0;
    for (String f : b.keySet()) {
      int col = data.features().indexOf(f);
      double[] raw = scans.stream().mapToDouble(s -> s.values()[col]).toArray();
      double[] z = std.apply(f, design.toArray(new double[0][]), batches.toArray(new String[0]),
          raw);
      for (int i = 0; i < z.length; i++) {
        Scan s = scans.get(i);
        double[][] v = byPatient.computeIfAbsent(s.patient(), k -> nan(2, b.size()));
        v[s.timepoint().equals(tp.pre()) ? 0 : 1][j] = z[i];
      }
      j++;
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    byPatient.forEach((p, v) -> {
      double[] x = new double[b.size()];
      for (int k = 0; k < x.length; k++) {
        x[k] = delta ? v[1][k] - v[0][k] : v[0][k];
      }
      if (java.util.Arrays.stream(x).allMatch(Double::isFinite)) {
        out.put(p, x);
      } else {
        warnings.add(new Warning("score", p, "no usable " + (delta ? tp.pre() + " and "
            + tp.mid() + " scans" : tp.pre() + " scan") + " of reader " + tp.primaryReader()
            + " with every feature of " + sig.name() + "; patient not scored"));
      }
    });
    return out;
  }

  /** The scan's design row; null (and a warning) when a covariate is missing or unseen. */
  private double[] designRow(Standardization std, Scan s, List<Warning> warnings) {
    if (std.design() == null) {
      return new double[0];
    }
    String[] num = std.design().numericNames();
    String[] cat = std.design().categoricalNames();
    double[][] n = new double[num.length][1];
    String[][] c = new String[cat.length][1];
    for (int k = 0; k < num.length; k++) {
      n[k][0] = s.number(num[k]);
    }
    for (int k = 0; k < cat.length; k++) {
      c[k][0] = s.label(cat[k]);
    }
    try {
      return std.design().encode(n, c)[0];
    } catch (IllegalArgumentException ex) {
      warnings.add(new Warning("score", s.patient(), "scan " + s.timepoint() + ": the"
          + " training scanner model cannot be applied (" + ex.getMessage().replace(" in row 1",
          "") + "); scan left out"));
      return null;
    }
  }

  /**
   * The scan's ComBat batch ("" without ComBat); null (and a warning) when a batch column has
   * no value or the batch was not in the cohort the adjustment was fitted on.
   */
  private String batch(Standardization std, Scan s, List<Warning> warnings) {
    if (std.method() != HarmonizationMethod.COMBAT) {
      return "";
    }
    List<String> columns = settings.harmonization().batch();
    String b = ComBatScannerHarmonizer.batchOf(s, columns);
    if (b != null && std.combatBatches().contains(b)) {
      return b;
    }
    warnings.add(new Warning("score", s.patient(), "scan " + s.timepoint() + ": " + (b == null
        ? "no value for a batch column (" + String.join(", ", columns) + ")"
        : "batch '" + b + "' was not in the cohort the ComBat adjustment was fitted on"
            + " (fitted: " + String.join(", ", std.combatBatches()) + ")")
        + "; scan left out"));
    return null;
  }

  private static double[][] nan(int rows, int cols) {
    double[][] v = new double[rows][cols];
    for (double[] r : v) {
      java.util.Arrays.fill(r, Double.NaN);
    }
    return v;
  }

  private Result outcomes(SavedSignature sig, String cohort, String[] patients, double[] scores,
      String[] groups, Map<String, Clinical> clinical, List<Warning> warnings) {
    if (clinical.isEmpty()) {
      return new Result(sig, cohort, patients, scores, groups, null, null, warnings);
    }
    List<Integer> with = new ArrayList<>();
    for (int i = 0; i < patients.length; i++) {
      if (clinical.containsKey(patients[i])) {
        with.add(i);
      } else {
        warnings.add(new Warning("score", patients[i], "scored but has no clinical row; left"
            + " out of the AUC and Kaplan-Meier curves"));
      }
    }
    int n = with.size();
    double[] time = new double[n];
    int[] event = new int[n];
    double[] marker = new double[n];
    int[] group = new int[n];
    for (int k = 0; k < n; k++) {
      int i = with.get(k);
      Clinical c = clinical.get(patients[i]);
      time[k] = c.time();
      event[k] = c.event();
      marker[k] = scores[i];
      group[k] = "high".equals(groups[i]) ? 1 : 0;
    }
    double horizon = settings.roc().horizon();
    TimeDependentRoc.Result roc = null;
    try {
      roc = TimeDependentRoc.compute(new RightCensoredSample(time, event, cohort + " cohort"),
          marker, horizon);
    } catch (IllegalArgumentException ex) {
      warnings.add(new Warning("roc", sig.name() + " " + cohort, "no AUC: " + ex.getMessage()));
    }
    Map<String, TimeDependentRoc.Result> res = new LinkedHashMap<>();
    res.put(sig.name(), roc);
    Map<String, Map<String, Double>> cmp = new LinkedHashMap<>();
    cmp.put(sig.name(), Map.of());
    EvaluateStage.Auc auc = new EvaluateStage.Auc(horizon, Map.of(cohort, res),
        Map.of(cohort, cmp), Map.of());
    SurvivalStage.Km km = Double.isFinite(sig.cutoff()) && n > 0
        ? new SurvivalStage(settings).km(sig.name(), cohort, time, event, group, warnings)
        : null;
    if (!Double.isFinite(sig.cutoff())) {
      warnings.add(new Warning("score", sig.name(), "no cut-off: no risk groups, no"
          + " Kaplan-Meier curves"));
    }
    return new Result(sig, cohort, patients, scores, groups, auc, km, warnings);
  }
}
