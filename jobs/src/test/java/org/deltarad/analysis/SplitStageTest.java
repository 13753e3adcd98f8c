package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.stats.StratifiedSplit;
import org.junit.jupiter.api.Test;

class SplitStageTest {
  /** A matrix of n patients (one feature) with these events and times 10, 20, ... */
  private static PatientMatrix matrix(int n) {
    String[] ids = new String[n];
    double[][] z = new double[n][1];
    for (int i = 0; i < n; i++) {
      ids[i] = StageFixtures.id(i + 1);
    }
    return new PatientMatrix(ids, new String[] {"f"}, z, z, z);
  }

  private static Map<String, Clinical> clinical(int[] events) {
    Map<String, Clinical> m = new TreeMap<>();
    for (int i = 0; i < events.length; i++) {
      String id = StageFixtures.id(i + 1);
      m.put(id, new Clinical(id, 10.0 * (i + 1), events[i], 2, 3, Double.NaN, Map.of()));
    }
    return m;
  }

  /** Clinical rows with a "cohort" column: training for the first seven, else validation. */
  private static Map<String, Clinical> withCohortColumn(int n, String bad) {
    Map<String, Clinical> m = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      String id = StageFixtures.id(i + 1);
      String cohort = i == 0 && bad != null ? bad : i < 7 ? "training" : "validation";
      m.put(id, new Clinical(id, 10.0 * (i + 1), i % 2, 2, 3, Double.NaN,
          Map.of("cohort", cohort)));
    }
    return m;
  }

  private static AnalysisSettings given(String column) {
    AnalysisSettings d = AnalysisSettings.defaults();
    return new AnalysisSettings(d.clinical(), d.timepoints(), d.features(), d.harmonization(),
        d.icc(), new AnalysisSettings.Split(d.split().validationFraction(), d.split().seed(),
        d.split().timeBins(), column), d.lasso(), d.roc(), d.survival(), d.execution());
  }

  @Test
  void aClinicalColumnGivesTheSplit() {
    CohortSplit s = new SplitStage(given("cohort")).run(matrix(10), withCohortColumn(10, null),
        Map.of(), new ArrayList<>());
    assertEquals(7, s.trainingRows().length);
    assertEquals(List.of(7, 8, 9), java.util.Arrays.stream(s.validationRows()).boxed().toList());
    assertEquals("given: cohort", s.stratum().get(StageFixtures.id(1)));
    AnalysisException bad = assertThrows(AnalysisException.class, () -> new SplitStage(
        given("cohort")).run(matrix(10), withCohortColumn(10, "test"), Map.of(),
        new ArrayList<>()));
    assertTrue(bad.getMessage().contains("has 'test'; expected training or validation"),
        bad.getMessage());
    AnalysisException missing = assertThrows(AnalysisException.class, () -> new SplitStage(
        given("arm")).run(matrix(10), withCohortColumn(10, null), Map.of(), new ArrayList<>()));
    assertTrue(missing.getMessage().contains("no column 'arm'"), missing.getMessage());
  }

  private static CohortSplit run(PatientMatrix pm, Map<String, Clinical> c,
      Map<String, String> fs, List<Warning> w) {
    return new SplitStage(AnalysisSettings.defaults()).run(pm, c, fs, w);
  }

  @Test
  void fewerThanSixPatientsIsAnAnalysisException() {
    AnalysisException ex = assertThrows(AnalysisException.class, () -> run(matrix(5),
        clinical(new int[] {1, 1, 1, 0, 0}), Map.of(), new ArrayList<>()));
    assertEquals("only 5 patients have both time points, the selected features and a clinical"
        + " row; at least 6 are needed", ex.getMessage());
  }

  @Test
  void everyPatientCensoredIsAnAnalysisException() {
    AnalysisException ex = assertThrows(AnalysisException.class, () -> run(matrix(10),
        clinical(new int[10]), Map.of(), new ArrayList<>()));
    assertEquals("every patient is censored (no progression = 1): no survival model can be"
        + " fitted", ex.getMessage());
  }

  @Test
  void fewerThanTwoTrainingEventsIsAnAnalysisException() {
    int[] events = new int[12];
    events[3] = 1;
    AnalysisException ex = assertThrows(AnalysisException.class, () -> run(matrix(12),
        clinical(events), Map.of(), new ArrayList<>()));
    assertEquals(true, ex.getMessage().matches("the training cohort has [01] event\\(s\\);"
        + " LASSO-Cox needs at least 2"), ex.getMessage());
  }

  @Test
  void splitEqualsStratifiedSplitOnTheSameSubjects() {
    StageFixtures.Upstream up = StageFixtures.upstream();
    PatientMatrix pm = up.matrix();
    Map<String, String> fs = StageFixtures.fieldStrength(up.data());
    List<Warning> w = new ArrayList<>();
    CohortSplit split = run(pm, up.data().clinical(), fs, w);

    List<StratifiedSplit.Subject> subjects = new ArrayList<>();
    for (String p : pm.patients()) {
      Clinical c = up.data().clinical().get(p);
      subjects.add(new StratifiedSplit.Subject(p, c.event() == 1, c.time(), fs.get(p)));
    }
    AnalysisSettings.Split s = AnalysisSettings.defaults().split();
    StratifiedSplit.Split want = StratifiedSplit.split(subjects, s.validationFraction(),
        s.timeBins(), s.seed());
    List<String> train = new ArrayList<>();
    List<String> valid = new ArrayList<>();
    for (int i = 0; i < pm.size(); i++) {
      (split.training()[i] ? train : valid).add(pm.patients()[i]);
      Clinical c = up.data().clinical().get(pm.patients()[i]);
      assertEquals(c.time(), split.time()[i], 0, "time of " + pm.patients()[i]);
      assertEquals(c.event(), split.event()[i], "event of " + pm.patients()[i]);
    }
    assertEquals(want.train(), train, "training patients");
    assertEquals(want.validation(), valid, "validation patients");
    assertEquals(want.stratum(), split.stratum(), "strata");
    assertEquals(fs, split.fieldStrength(), "field strength passed through");
    assertEquals(pm.size() - (int) Math.ceil(pm.size() / 3.0), split.trainingRows().length,
        "training size");
    for (String m : want.merges()) {
      assertEquals(true, StageFixtures.hasWarning(w, "split", m, "merged"), "merge warned: " + m);
    }
  }

  @Test
  void missingFieldStrengthIsStratifiedAsUnknown() {
    int[] events = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
    PatientMatrix pm = matrix(12);
    CohortSplit split = run(pm, clinical(events), Map.of(), new ArrayList<>());
    List<StratifiedSplit.Subject> subjects = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      subjects.add(new StratifiedSplit.Subject(pm.patients()[i], events[i] == 1, 10.0 * (i + 1),
          "unknown"));
    }
    StratifiedSplit.Split want = StratifiedSplit.split(subjects, 1.0 / 3.0, 2, 20250101L);
    boolean[] train = new boolean[12];
    for (int i = 0; i < 12; i++) {
      train[i] = want.train().contains(pm.patients()[i]);
    }
    assertArrayEquals(train, split.training(), "training flags");
    assertEquals(want.stratum(), split.stratum(), "strata with field strength 'unknown'");
  }
}
