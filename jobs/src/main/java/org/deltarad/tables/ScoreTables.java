package org.deltarad.tables;

import java.util.List;
import org.deltarad.tables.AnalysisTables.Table;

/**
 * The tables of the {@code score} job (a saved signature applied to another cohort), written
 * under its output directory with the analysis' schemas, so that a scored cohort reads like an
 * analysis' cohort: {@code scores} (risk score and group per patient), {@code auc} (the
 * signature's time-dependent AUC at the horizon; empty without a clinical table), {@code km}
 * (Kaplan-Meier curves of the groups with the log-rank test; empty without clinical data or a
 * cut-off) and {@code warnings}. Column meanings: {@code docs/tables.md}.
 */
public final class ScoreTables {
  public static final Table SCORES = AnalysisTables.SCORES;
  public static final Table AUC = AnalysisTables.AUC;
  public static final Table KM = AnalysisTables.KM;
  public static final Table WARNINGS = AnalysisTables.WARNINGS;

  /** Every table, in the order the job writes them. */
  public static final List<Table> ALL = List.of(SCORES, AUC, KM, WARNINGS);

  private ScoreTables() {}
}
