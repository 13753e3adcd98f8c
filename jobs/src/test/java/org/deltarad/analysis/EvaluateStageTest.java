package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.stats.CoxNet;
import org.deltarad.stats.CoxNetModel;
import org.deltarad.stats.RightCensoredSample;
import org.deltarad.stats.TimeDependentRoc;
import org.junit.jupiter.api.Test;

class EvaluateStageTest {
  private static final int N = 24;
  private static final double HORIZON = AnalysisSettings.defaults().roc().horizon();

  private static final class Cohort {
    final String[] ids = new String[N];
    final double[] time = new double[N];
    final int[] event = new int[N];
    final double[] score = new double[N];
    final double[] figo = new double[N];
    final double[] diameter = new double[N];
    final boolean[] train = new boolean[N];
    final Map<String, Clinical> clinical = new TreeMap<>();

    Cohort(double missingDiameterAt) {
      java.util.Random rnd = new java.util.Random(7);
      for (int i = 0; i < N; i++) {
        ids[i] = StageFixtures.id(i + 1);
        score[i] = rnd.nextGaussian();
        time[i] = Math.round(10 + 90 * rnd.nextDouble());
        event[i] = time[i] < 60 + 30 * score[i] ? 1 : 0;
        figo[i] = 1 + i % 4;
        diameter[i] = i == missingDiameterAt ? Double.NaN : 0.5 + 0.25 * i;
        train[i] = i % 3 != 0;
        clinical.put(ids[i], new Clinical(ids[i], time[i], event[i], figo[i], diameter[i],
            Double.NaN, Map.of()));
      }
    }

    EvaluateStage.Auc run(List<Warning> w) {
      double[][] z = new double[N][0];
      PatientMatrix pm = new PatientMatrix(ids, new String[0], z, z, z);
      CohortSplit split = new CohortSplit(train, Map.of(), Map.of(), time, event);
      Signature sig = new Signature(Signature.DELTA, new String[0], null, null, score, 0);
      return new EvaluateStage(AnalysisSettings.defaults()).run(List.of(sig), pm, clinical,
          split, Map.of(), w);
    }

    int[] rows(boolean training) {
      return java.util.stream.IntStream.range(0, N).filter(i -> train[i] == training).toArray();
    }

    TimeDependentRoc.Result direct(boolean training, double[] marker) {
      int[] idx = rows(training);
      return TimeDependentRoc.compute(new RightCensoredSample(CohortSplit.pick(time, idx),
          CohortSplit.pick(event, idx)), CohortSplit.pick(marker, idx), HORIZON);
    }
  }

  /** Classes by the default breaks 2 and 4 cm, written out by hand. */
  private static double expectedClass(double d) {
    return d <= 2 ? 1 : d <= 4 ? 2 : 3;
  }

  @Test
  void diameterClassUsesTheBreaks() {
    List<Double> breaks = List.of(2.0, 4.0);
    assertEquals(1, EvaluateStage.diameterClass(0.7, breaks), 0, "0.7 cm");
    assertEquals(1, EvaluateStage.diameterClass(2.0, breaks), 0, "2 cm is class 1 (d <= b1)");
    assertEquals(2, EvaluateStage.diameterClass(2.01, breaks), 0, "2.01 cm");
    assertEquals(2, EvaluateStage.diameterClass(4.0, breaks), 0, "4 cm");
    assertEquals(3, EvaluateStage.diameterClass(6.5, breaks), 0, "6.5 cm");
    assertTrue(Double.isNaN(EvaluateStage.diameterClass(Double.NaN, breaks)), "missing");
    assertEquals(1, EvaluateStage.diameterClass(9, List.of()), 0, "no breaks, one class");
  }

  @Test
  void aucsEqualTimeDependentRocOnTheSameMarkers() {
    Cohort c = new Cohort(-1);
    double[] tmax = new double[N];
    for (int i = 0; i < N; i++) {
      tmax[i] = expectedClass(c.diameter[i]);
    }
    EvaluateStage.Auc auc = c.run(new ArrayList<>());
    assertEquals(HORIZON, auc.horizon(), 0, "horizon");
    for (boolean training : new boolean[] {true, false}) {
      String cohort = training ? CohortSplit.TRAIN : CohortSplit.VALID;
      Map<String, TimeDependentRoc.Result> res = auc.results().get(cohort);
      assertEquals(List.of(Signature.DELTA, EvaluateStage.FIGO, EvaluateStage.TUMOUR_MAX),
          List.copyOf(res.keySet()), cohort + ": markers in order");
      Map<String, double[]> markers = Map.of(Signature.DELTA, c.score, EvaluateStage.FIGO,
          c.figo, EvaluateStage.TUMOUR_MAX, tmax);
      for (Map.Entry<String, double[]> m : markers.entrySet()) {
        TimeDependentRoc.Result want = c.direct(training, m.getValue());
        TimeDependentRoc.Result got = res.get(m.getKey());
        assertNotNull(got, cohort + " " + m.getKey());
        assertEquals(want.auc(), got.auc(), 1e-12, cohort + " " + m.getKey() + ": AUC");
        assertEquals(want.se(), got.se(), 1e-12, cohort + " " + m.getKey() + ": SE");
      }
      Map<String, Map<String, Double>> cmp = auc.comparisons().get(cohort);
      assertEquals(TimeDependentRoc.compare(res.get(Signature.DELTA), res.get(EvaluateStage.FIGO)),
          cmp.get(Signature.DELTA).get(EvaluateStage.FIGO), 1e-12, cohort + ": comparison");
      assertEquals(2, cmp.get(EvaluateStage.FIGO).size(), cohort + ": FIGO vs two others");
    }
    assertEquals(auc.results().get(CohortSplit.VALID).get(Signature.DELTA).auc(),
        auc.validationAuc().get(Signature.DELTA), 0, "validation AUC map");
  }

  @Test
  void missingMarkerValueGivesWarningAndNoAuc() {
    Cohort c = new Cohort(3); // row 3 is validation (3 % 3 == 0)
    List<Warning> w = new ArrayList<>();
    EvaluateStage.Auc auc = c.run(w);
    assertNull(auc.results().get(CohortSplit.VALID).get(EvaluateStage.TUMOUR_MAX),
        "no validation AUC for Tumour_max");
    assertNotNull(auc.results().get(CohortSplit.TRAIN).get(EvaluateStage.TUMOUR_MAX),
        "training AUC still computed");
    assertTrue(Double.isNaN(auc.validationAuc().get(EvaluateStage.TUMOUR_MAX)), "NaN in map");
    assertTrue(StageFixtures.hasWarning(w, "roc", EvaluateStage.TUMOUR_MAX + " validation",
        "marker missing"), "warning: " + w);
    assertTrue(auc.comparisons().get(CohortSplit.VALID).get(EvaluateStage.FIGO).keySet()
        .equals(java.util.Set.of(Signature.DELTA)), "no comparison with the missing marker");
  }

  @Test
  void signatureWithoutFeaturesHasNoAucNoComparisonAndSaysWhy() {
    Cohort c = new Cohort(-1);
    double[][] x = new double[N][1];
    for (int i = 0; i < N; i++) {
      x[i][0] = c.score[i];
    }
    // the first model of the path (lambda max) keeps no feature
    CoxNetModel none = new CoxNet().fit(x, c.time, c.event).model(0);
    assertEquals(0, none.df(), "no feature at lambda max");
    Signature empty = new Signature(Signature.PRE, new String[] {"f"}, null, none,
        new double[N], Double.NaN);
    Signature sig = new Signature(Signature.DELTA, new String[0], null, null, c.score, 0);
    double[][] z = new double[N][0];
    EvaluateStage.Auc auc = new EvaluateStage(AnalysisSettings.defaults()).run(List.of(sig,
        empty), new PatientMatrix(c.ids, new String[0], z, z, z), c.clinical, new CohortSplit(
        c.train, Map.of(), Map.of(), c.time, c.event), Map.of("Size", c.diameter),
        new ArrayList<>());
    assertEquals(Map.of(Signature.PRE, EvaluateStage.NO_FEATURE), auc.notes(), "notes");
    for (String cohort : List.of(CohortSplit.TRAIN, CohortSplit.VALID)) {
      assertNull(auc.results().get(cohort).get(Signature.PRE), cohort + ": no AUC, not 0.5");
      assertEquals(java.util.Set.of(EvaluateStage.FIGO, EvaluateStage.TUMOUR_MAX, "Size"),
          auc.comparisons().get(cohort).get(Signature.DELTA).keySet(), cohort
              + ": no comparison with the empty signature; size markers compared");
      assertNotNull(auc.results().get(cohort).get("Size"), cohort + ": size marker AUC");
    }
  }
}
