package org.deltarad.analysis;

import java.util.List;
import java.util.Map;
import org.deltarad.analysis.settings.AnalysisSettings;

/**
 * Everything the cohort analysis found, Spark-free: what the report renders and what the
 * tables are written from. Stages that did not run (the cohort stopped early) are null.
 *
 * @param featuresIn feature columns in the features table (after {@code features.exclude})
 * @param acquisition the MRI acquisition parameters by cohort and time point (Suppl. Table 2)
 * @param size the tumour-size tests and the size markers of the {@code auc} table
 * @param flow patient counts at each step (Fig. 1)
 * @param stageSeconds seconds per stage, in run order
 */
public record AnalysisResult(AnalysisSettings settings, int featuresIn, Harmonized harmonized,
    IccStage.Result icc, DeltaStage.Result deltas, CohortSplit split,
    List<Signature> signatures, List<SurvivalStage.Km> survival, EvaluateStage.Auc auc,
    List<TestsStage.Row> tests, List<CharacteristicsStage.Row> characteristics,
    List<AcquisitionStage.Row> acquisition, SizeStage.Result size, Flow flow,
    List<Warning> warnings, Map<String, Double> stageSeconds) {

  /**
   * Patient counts of a Fig. 1-style flow: clinical rows, patients with primary-reader features,
   * with both time points and a clinical row (the models' cohort), outlined by the second reader
   * (at either time point: a patient with a paired scan), training, validation (-1 where the
   * stage did not run).
   */
  public record Flow(int clinical, int withFeatures, int bothTimepoints, int secondReader,
      int training, int validation) {}

  /** A run that stopped before any stage finished. */
  public static AnalysisResult none(AnalysisSettings settings, int featuresIn) {
    return new AnalysisResult(settings, featuresIn, null, null, null, null, null, null, null,
        null, null, null, null, null, List.of(), Map.of());
  }

  public PatientMatrix matrix() {
    return deltas.matrix();
  }

  /** Selected (robust) features. */
  public List<String> selected() {
    return icc.selected();
  }
}
