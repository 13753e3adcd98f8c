package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.stats.StratifiedSplit;

/**
 * Step 4: the stratified training/validation split (scikit-learn's {@code train_test_split}
 * stratified by event x follow-up bin x field strength, as the paper), after checking that
 * the cohort can support a survival model at all.
 */
public final class SplitStage {
  private final AnalysisSettings settings;

  public SplitStage(AnalysisSettings settings) {
    this.settings = settings;
  }

  /**
   * @param fieldStrength field strength of each patient's pre-treatment scan (primary reader)
   */
  public CohortSplit run(PatientMatrix pm, Map<String, Clinical> clinical,
      Map<String, String> fieldStrength, List<Warning> warnings) {
    int n = pm.size();
    if (n < 6) {
      throw new AnalysisException("only " + n + " patients have both time points, the selected"
          + " features and a clinical row; at least 6 are needed");
    }
    double[] time = new double[n];
    int[] event = new int[n];
    for (int i = 0; i < n; i++) {
      Clinical c = clinical.get(pm.patients()[i]);
      time[i] = c.time();
      event[i] = c.event();
    }
    if (Arrays.stream(event).sum() == 0) {
      throw new AnalysisException("every patient is censored (no " + settings.clinical().event()
          + " = 1): no survival model can be fitted");
    }
    if (settings.split().given()) {
      return given(pm, clinical, fieldStrength, time, event);
    }
    List<StratifiedSplit.Subject> subjects = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      subjects.add(new StratifiedSplit.Subject(pm.patients()[i], event[i] == 1, time[i],
          fieldStrength.getOrDefault(pm.patients()[i], "unknown")));
    }
    AnalysisSettings.Split s = settings.split();
    StratifiedSplit.Split split = StratifiedSplit.split(subjects, s.validationFraction(),
        s.timeBins(), s.seed());
    for (String m : split.merges()) {
      warnings.add(new Warning("split", m, "stratum with a single patient merged: " + m));
    }
    Set<String> train = new HashSet<>(split.train());
    boolean[] isTrain = new boolean[n];
    for (int i = 0; i < n; i++) {
      isTrain[i] = train.contains(pm.patients()[i]);
    }
    return checked(new CohortSplit(isTrain, split.stratum(), fieldStrength, time, event));
  }

  /** The split of the clinical column {@code split.column}: training or validation. */
  private CohortSplit given(PatientMatrix pm, Map<String, Clinical> clinical,
      Map<String, String> fieldStrength, double[] time, int[] event) {
    String column = settings.split().column();
    boolean[] isTrain = new boolean[pm.size()];
    Map<String, String> stratum = new java.util.TreeMap<>();
    for (int i = 0; i < pm.size(); i++) {
      String id = pm.patients()[i];
      Map<String, String> row = clinical.get(id).other();
      if (!row.containsKey(column)) {
        throw new AnalysisException("split.column: the clinical table has no column '" + column
            + "'");
      }
      CohortSplit.Cohort cohort = CohortSplit.Cohort.of(row.get(column));
      if (cohort == null) {
        throw new AnalysisException("split.column " + column + ": patient " + id + " has '"
            + row.get(column) + "'; expected " + CohortSplit.TRAIN + " or " + CohortSplit.VALID);
      }
      isTrain[i] = cohort == CohortSplit.Cohort.TRAINING;
      stratum.put(id, "given: " + column);
    }
    return checked(new CohortSplit(isTrain, stratum, fieldStrength, time, event));
  }

  private static CohortSplit checked(CohortSplit split) {
    int trainEvents = 0;
    for (int i : split.trainingRows()) {
      trainEvents += split.event()[i];
    }
    if (trainEvents < 2) {
      throw new AnalysisException("the training cohort has " + trainEvents
          + " event(s); LASSO-Cox needs at least 2");
    }
    if (split.validationRows().length == 0) {
      throw new AnalysisException("the validation cohort is empty");
    }
    return split;
  }
}
