package org.deltarad.report;

import java.util.ArrayList;
import java.util.List;
import org.deltarad.analysis.SurvivalStage;
import org.deltarad.stats.CoxPh;
import org.deltarad.stats.KaplanMeier;
import org.deltarad.stats.TimeDependentRoc;

/**
 * The survival figures both reports draw from the analysis' results: one Kaplan-Meier panel of
 * a signature's risk groups (legend with each group's median, hazard ratio, log-rank p, numbers
 * at risk) and a time-dependent ROC curve.
 */
final class SurvivalFigures {
  private SurvivalFigures() {}

  /** The Kaplan-Meier panel of one signature in one cohort, times in {@code unit}. */
  static String km(SurvivalStage.Km km, String unit) {
    List<Figures.KmCurve> curves = new ArrayList<>();
    for (SurvivalStage.Curve c : km.curves()) {
      KaplanMeier f = c.fit();
      double med = f.median();
      curves.add(new Figures.KmCurve(cap(c.group()) + " score (n = " + c.n() + "): median PFS "
          + (Double.isNaN(med) ? "not reached" : Html.fmt(med, 1) + " " + unit),
          Figures.colour(c.index()), f.time(), f.survival(), f.lower(), f.upper(),
          c.censored()));
    }
    CoxPh.Result hr = km.hazard();
    String stats = "HR high vs low " + (Double.isNaN(hr.hazardRatio()) ? "NA"
        : Html.fmt(hr.hazardRatio(), 2) + " (95% CI " + Html.fmt(hr.lower(), 2) + "-"
        + Html.fmt(hr.upper(), 2) + ")");
    return Figures.kaplanMeier(km.signature() + ", " + km.cohort() + " cohort", curves,
        riskTable(km), km.pValue(), "Progression-free survival (" + unit + ")", stats);
  }

  /**
   * The numbers at risk, one row per group named and coloured by the group itself: a group
   * without patients has no curve, so the curves' order cannot name the rows.
   */
  static Figures.RiskTable riskTable(SurvivalStage.Km km) {
    List<Figures.RiskRow> rows = new ArrayList<>();
    for (int g = 0; g < km.atRisk().length; g++) {
      rows.add(new Figures.RiskRow(cap(SurvivalStage.GROUPS[g]), Figures.colour(g),
          km.atRisk()[g]));
    }
    return new Figures.RiskTable(km.riskTimes(), rows);
  }

  /** A marker's ROC curve with its AUC and CI in the legend. */
  static Figures.RocCurve roc(String marker, TimeDependentRoc.Result res) {
    return new Figures.RocCurve(marker, res.falsePositive(), res.truePositive(), res.auc(),
        res.ciLower(), res.ciUpper());
  }

  /** "AUC (lo-hi)" with two decimals. */
  static String auc(TimeDependentRoc.Result res) {
    return Html.fmt(res.auc(), 2) + " (" + Html.fmt(res.ciLower(), 2) + "-"
        + Html.fmt(res.ciUpper(), 2) + ")";
  }

  static String cap(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
