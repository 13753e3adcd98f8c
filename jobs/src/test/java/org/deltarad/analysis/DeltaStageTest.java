package org.deltarad.analysis;

import static org.deltarad.analysis.StageFixtures.hasWarning;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deltarad.analysis.Harmonized.ScanKey;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.junit.jupiter.api.Test;

class DeltaStageTest {
  private static final List<String> SELECTED = List.of(StageFixtures.SIGNAL,
      StageFixtures.STABLE);

  private record Run(CohortData data, Harmonized h, DeltaStage.Result result,
      List<Warning> warnings) {}

  private static Run run(CohortData d) {
    List<Warning> w = new ArrayList<>();
    Harmonized h = new HarmonizeStage(AnalysisSettings.defaults(), WorkPool.local()).run(d, w);
    w.clear();
    DeltaStage.Result r = new DeltaStage(AnalysisSettings.defaults()).run(h, SELECTED,
        d.clinical(), StageFixtures.primaryPatients(d), w);
    return new Run(d, h, r, w);
  }

  /** value1 of a feature by "patient/timepoint". */
  private static Map<String, Double> values(Harmonized h, String feature) {
    Map<String, Double> m = new HashMap<>();
    for (int i = 0; i < h.primary().size(); i++) {
      ScanKey k = h.primary().get(i);
      m.put(k.patient() + "/" + k.timepoint(), h.features().get(feature).value1()[i]);
    }
    return m;
  }

  @Test
  void deltaRowsAreMidMinusPreOfTheHarmonizedValues() {
    Run r = run(StageFixtures.cohort());
    assertEquals(r.h().features().size() * StageFixtures.N, r.result().rows().size(),
        "one row per usable feature and patient");
    for (DeltaStage.Row row : r.result().rows()) {
      Map<String, Double> v = values(r.h(), row.feature());
      String what = row.feature() + " " + row.patient();
      assertEquals(v.get(row.patient() + "/pre"), row.pre(), 0, what + " pre");
      if (row.patient().equals(StageFixtures.NO_MID)) {
        assertTrue(Double.isNaN(row.mid()) && Double.isNaN(row.delta()), what + ": NaN mid");
      } else {
        assertEquals(v.get(row.patient() + "/mid"), row.mid(), 0, what + " mid");
        assertEquals(row.mid() - row.pre(), row.delta(), 0, what + " delta");
      }
    }
  }

  @Test
  void matrixHoldsSelectedFeaturesOfCompletePatientsSorted() {
    Run r = run(StageFixtures.cohort());
    PatientMatrix pm = r.result().matrix();
    List<String> want = new ArrayList<>();
    for (int i = 1; i <= StageFixtures.N; i++) {
      if (!StageFixtures.id(i).equals(StageFixtures.NO_MID)) {
        want.add(StageFixtures.id(i));
      }
    }
    assertEquals(want, List.of(pm.patients()), "patients: all but the one without mid");
    assertArrayEquals(SELECTED.toArray(), pm.features(), "columns: selected features in order");
    for (int j = 0; j < SELECTED.size(); j++) {
      Map<String, Double> v = values(r.h(), SELECTED.get(j));
      for (int i = 0; i < pm.size(); i++) {
        String p = pm.patients()[i];
        assertEquals(v.get(p + "/pre"), pm.pre()[i][j], 0, p + " pre " + j);
        assertEquals(v.get(p + "/mid"), pm.mid()[i][j], 0, p + " mid " + j);
        assertEquals(v.get(p + "/mid") - v.get(p + "/pre"), pm.delta()[i][j], 0,
            p + " delta " + j);
      }
    }
  }

  @Test
  void patientWithoutMidIsWarnedAndLeftOut() {
    Run r = run(StageFixtures.cohort());
    assertTrue(hasWarning(r.warnings(), "deltas", StageFixtures.NO_MID,
        "no usable mid scan of reader 1", "left out"), "warning: " + r.warnings());
    assertFalse(List.of(r.result().matrix().patients()).contains(StageFixtures.NO_MID),
        "not in the matrix");
  }

  @Test
  void patientWhosePreScanWasDroppedGetsNoUsablePre() {
    CohortData d = StageFixtures.without(StageFixtures.cohort(), "P07", "pre", "1", "te");
    Run r = run(d);
    assertTrue(hasWarning(r.warnings(), "deltas", "P07", "no usable pre scan of reader 1"),
        "warning: " + r.warnings());
    assertFalse(List.of(r.result().matrix().patients()).contains("P07"), "not in the matrix");
  }

  @Test
  void clinicalOnlyAndFeaturesOnlyPatientsAreWarned() {
    CohortData base = StageFixtures.cohort();
    Map<String, Clinical> clinical = new TreeMap<>(base.clinical());
    clinical.remove("P10");
    Run r = run(new CohortData(base.features(), base.scans(), clinical));
    assertTrue(hasWarning(r.warnings(), "input", StageFixtures.CLINICAL_ONLY,
        "clinical row but no features"), "clinical-only warning: " + r.warnings());
    assertTrue(hasWarning(r.warnings(), "input", "P10", "features but no clinical row"),
        "features-only warning: " + r.warnings());
    List<String> ids = List.of(r.result().matrix().patients());
    assertFalse(ids.contains("P10"), "P10 left out");
    assertFalse(ids.contains(StageFixtures.CLINICAL_ONLY), "P99 left out");
    assertEquals(StageFixtures.N - 2, ids.size(), "patients kept");
  }
}
