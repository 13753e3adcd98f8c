package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.List;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.stats.CoxPh;
import org.deltarad.stats.KaplanMeier;
import org.deltarad.stats.LogRankTest;
import org.deltarad.stats.RightCensoredSample;

/**
 * Step 7: Kaplan-Meier curves of the low and high score groups (split at the training cut-off)
 * in each cohort, their log-rank test, the hazard ratio of high vs low (Cox, Efron ties) and
 * the numbers at risk.
 */
public final class SurvivalStage {
  public static final String[] GROUPS = {"low", "high"};

  /** One group's curve; {@code censored} are the times with censoring (plot marks). */
  public record Curve(String group, int n, KaplanMeier fit, double[] censored) {
    /** The group's row of {@link Km#atRisk()}: curves skip empty groups, risk rows do not. */
    public int index() {
      return java.util.Arrays.asList(GROUPS).indexOf(group);
    }
  }

  /**
   * One signature in one cohort. NaN statistics where no test was possible; {@code hazard}
   * high vs low (NaN fields when a group has no events or no patients). {@code curves} leaves
   * out a group without patients, {@code atRisk} does not: its row g is group
   * {@code GROUPS[g]} (zeros for an empty group), so read a row's group from its index, never
   * from the curve at the same position.
   */
  public record Km(String signature, String cohort, List<Curve> curves, double[] riskTimes,
      int[][] atRisk, double chiSquare, double pValue, CoxPh.Result hazard) {}

  private final double riskEvery;

  public SurvivalStage(AnalysisSettings settings) {
    this.riskEvery = settings.survival().riskTableEvery();
  }

  public List<Km> run(List<Signature> signatures, CohortSplit split, List<Warning> warnings) {
    List<Km> out = new ArrayList<>();
    for (Signature s : signatures) {
      if (!s.hasCutoff()) {
        continue;
      }
      for (CohortSplit.Cohort c : CohortSplit.Cohort.values()) {
        String cohort = c.label();
        int[] idx = split.rows(c);
        int[] group = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
          group[i] = s.scores()[idx[i]] > s.cutoff() ? 1 : 0;
        }
        out.add(km(s.name(), cohort, CohortSplit.pick(split.time(), idx),
            CohortSplit.pick(split.event(), idx), group, warnings));
      }
    }
    return out;
  }

  Km km(String signature, String cohort, double[] time, int[] event, int[] group,
      List<Warning> warnings) {
    String what = signature + " " + cohort;
    double[] test = logRank(what, time, event, group, warnings);
    double tmax = 0;
    for (double t : time) {
      tmax = Math.max(tmax, t);
    }
    int steps = (int) Math.floor(tmax / riskEvery) + 1;
    double[] riskTimes = new double[steps];
    for (int k = 0; k < steps; k++) {
      riskTimes[k] = k * riskEvery;
    }
    int[][] atRisk = new int[2][steps];
    List<Curve> curves = new ArrayList<>();
    for (int g = 0; g < 2; g++) {
      Curve c = curve(what, g, time, event, group, warnings);
      if (c != null) {
        for (int k = 0; k < steps; k++) {
          atRisk[g][k] = c.fit().nRiskAt(riskTimes[k]);
        }
        curves.add(c);
      }
    }
    return new Km(signature, cohort, curves, riskTimes, atRisk, test[0], test[1],
        hazardRatio(what, time, event, group));
  }

  /** Cox hazard ratio of the high against the low group. */
  private static CoxPh.Result hazardRatio(String what, double[] time, int[] event, int[] group) {
    double[] x = new double[group.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = group[i];
    }
    try {
      return CoxPh.fit(new RightCensoredSample(time, event, what), x);
    } catch (IllegalArgumentException ex) {
      return new CoxPh.Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN);
    }
  }

  /** {chi-square, p}, NaN when the groups do not allow a test. */
  private static double[] logRank(String what, double[] time, int[] event, int[] group,
      List<Warning> warnings) {
    boolean twoGroups = false;
    for (int g : group) {
      twoGroups |= g != group[0];
    }
    if (!twoGroups) {
      warnings.add(new Warning("survival", what, "every patient is in the "
          + GROUPS[group.length == 0 ? 0 : group[0]] + " score group; no log-rank test"));
      return new double[] {Double.NaN, Double.NaN};
    }
    try {
      LogRankTest.Result lr = LogRankTest.test(new RightCensoredSample(time, event, what), group);
      return new double[] {lr.chiSquare(), lr.pValue()};
    } catch (IllegalArgumentException ex) {
      warnings.add(new Warning("survival", what, "no log-rank test: " + ex.getMessage()));
      return new double[] {Double.NaN, Double.NaN};
    }
  }

  private static Curve curve(String what, int g, double[] time, int[] event, int[] group,
      List<Warning> warnings) {
    int m = 0;
    for (int v : group) {
      m += v == g ? 1 : 0;
    }
    if (m == 0) {
      return null;
    }
    double[] t = new double[m];
    int[] e = new int[m];
    for (int i = 0, q = 0; i < group.length; i++) {
      if (group[i] == g) {
        t[q] = time[i];
        e[q++] = event[i];
      }
    }
    KaplanMeier fit;
    try {
      fit = KaplanMeier.fit(new RightCensoredSample(t, e, what + " " + GROUPS[g]));
    } catch (IllegalArgumentException ex) {
      warnings.add(new Warning("survival", what + " " + GROUPS[g], "no Kaplan-Meier curve: "
          + ex.getMessage()));
      return null;
    }
    List<Double> censored = new ArrayList<>();
    for (int k = 0; k < fit.time().length; k++) {
      if (fit.nCensor()[k] > 0) {
        censored.add(fit.time()[k]);
      }
    }
    return new Curve(GROUPS[g], m, fit, censored.stream().mapToDouble(Double::doubleValue)
        .toArray());
  }
}
