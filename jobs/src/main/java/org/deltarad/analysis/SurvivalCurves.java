package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deltarad.report.Figures;
import org.deltarad.stats.KaplanMeier;
import org.deltarad.stats.LogRankTest;
import org.deltarad.stats.RightCensoredSample;

/** Step 6: Kaplan-Meier curves of the low and high score groups and their log-rank test. */
final class SurvivalCurves {
  static final StructType KM_SCHEMA = new StructType()
      .add("signature", DataTypes.StringType, false)
      .add("cohort", DataTypes.StringType, false)
      .add("group", DataTypes.StringType, false)
      .add("time", DataTypes.DoubleType, false)
      .add("n_risk", DataTypes.IntegerType, false)
      .add("n_event", DataTypes.IntegerType, false)
      .add("n_censor", DataTypes.IntegerType, false)
      .add("survival", DataTypes.DoubleType, false)
      .add("lower", DataTypes.DoubleType, true)
      .add("upper", DataTypes.DoubleType, true)
      .add("logrank_chisq", DataTypes.DoubleType, true)
      .add("logrank_p", DataTypes.DoubleType, true);

  static final String[] GROUPS = {"low", "high"};

  /** Curves of one signature in one cohort, as table rows and as figure input. */
  record Km(String signature, String cohort, List<Row> rows, List<Figures.KmCurve> curves,
      Figures.RiskTable risk, double pValue) {}

  private SurvivalCurves() {}

  static Km km(String signature, String cohort, double[] time, int[] event, int[] group,
      double riskEvery, List<Warning> warnings) {
    double p = Double.NaN;
    double chisq = Double.NaN;
    boolean twoGroups = false;
    for (int g : group) {
      twoGroups |= g != group[0];
    }
    if (twoGroups) {
      try {
        LogRankTest.Result lr = LogRankTest.test(new RightCensoredSample(time, event,
            signature + " " + cohort), group);
        p = lr.pValue();
        chisq = lr.chiSquare();
      } catch (IllegalArgumentException ex) {
        warnings.add(new Warning("survival", signature + " " + cohort, "no log-rank test: "
            + ex.getMessage()));
      }
    } else {
      warnings.add(new Warning("survival", signature + " " + cohort, "every patient is in the "
          + GROUPS[group.length == 0 ? 0 : group[0]] + " score group; no log-rank test"));
    }
    double tmax = 0;
    for (double t : time) {
      tmax = Math.max(tmax, t);
    }
    int steps = riskEvery > 0 ? (int) Math.floor(tmax / riskEvery) + 1 : 1;
    double[] riskTimes = new double[steps];
    for (int k = 0; k < steps; k++) {
      riskTimes[k] = k * riskEvery;
    }
    int[][] atRisk = new int[2][steps];
    List<Row> rows = new ArrayList<>();
    List<Figures.KmCurve> curves = new ArrayList<>();
    for (int g = 0; g < 2; g++) {
      int m = 0;
      for (int v : group) {
        m += v == g ? 1 : 0;
      }
      if (m == 0) {
        continue;
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
        fit = KaplanMeier.fit(new RightCensoredSample(t, e, signature + " " + cohort + " "
            + GROUPS[g]));
      } catch (IllegalArgumentException ex) {
        warnings.add(new Warning("survival", signature + " " + cohort + " " + GROUPS[g],
            "no Kaplan-Meier curve: " + ex.getMessage()));
        continue;
      }
      double[] ft = fit.time();
      double[] s = fit.survival();
      double[] lo = fit.lower();
      double[] hi = fit.upper();
      int[] nr = fit.nRisk();
      int[] ne = fit.nEvent();
      int[] nc = fit.nCensor();
      List<Double> censored = new ArrayList<>();
      for (int k = 0; k < ft.length; k++) {
        rows.add(RowFactory.create(signature, cohort, GROUPS[g], ft[k], nr[k], ne[k], nc[k], s[k],
            CohortAnalysisJob.finite(lo[k]), CohortAnalysisJob.finite(hi[k]),
            CohortAnalysisJob.finite(chisq), CohortAnalysisJob.finite(p)));
        if (nc[k] > 0) {
          censored.add(ft[k]);
        }
      }
      for (int k = 0; k < steps; k++) {
        atRisk[g][k] = fit.nRiskAt(riskTimes[k]);
      }
      curves.add(new Figures.KmCurve(GROUPS[g].substring(0, 1).toUpperCase()
          + GROUPS[g].substring(1) + " score (n=" + m + ")", ft, s, lo, hi,
          censored.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    return new Km(signature, cohort, rows, curves, new Figures.RiskTable(riskTimes, atRisk), p);
  }
}
