package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.stats.CoxPh;
import org.deltarad.stats.KaplanMeier;
import org.deltarad.stats.LogRankTest;
import org.deltarad.stats.RightCensoredSample;
import org.junit.jupiter.api.Test;

class SurvivalStageTest {
  // 12 patients: rows 0-7 training, 8-11 validation
  private static final double[] TIME = {3, 8, 14, 20, 25, 30, 41, 50, 6, 13, 26, 37};
  private static final int[] EVENT = {1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0};
  private static final double[] SCORES = {2.0, 1.5, -0.3, 0.9, 0.1, -1.0, -0.2, -2.0, 1.1, -0.5,
      0.4, -0.6};
  private static final double CUTOFF = 0.2;

  private static CohortSplit split() {
    boolean[] train = new boolean[12];
    for (int i = 0; i < 8; i++) {
      train[i] = true;
    }
    return new CohortSplit(train, Map.of(), Map.of(), TIME, EVENT);
  }

  private static Signature signature(double[] scores, double cutoff) {
    return new Signature(Signature.DELTA, new String[] {"f"}, null, null, scores, cutoff);
  }

  private static List<SurvivalStage.Km> run(List<Signature> s, List<Warning> w) {
    return new SurvivalStage(AnalysisSettings.defaults()).run(s, split(), w);
  }

  @Test
  void groupsSplitAtTheCutoffWithCurvesAndLogRankOfEachCohort() {
    List<SurvivalStage.Km> km = run(List.of(signature(SCORES, CUTOFF)), new ArrayList<>());
    assertEquals(2, km.size(), "training and validation panels");
    assertEquals(CohortSplit.TRAIN, km.get(0).cohort(), "first panel");
    assertEquals(CohortSplit.VALID, km.get(1).cohort(), "second panel");
    for (SurvivalStage.Km k : km) {
      int[] idx = split().rows(CohortSplit.Cohort.of(k.cohort()));
      double[] t = CohortSplit.pick(TIME, idx);
      int[] e = CohortSplit.pick(EVENT, idx);
      int[] g = new int[idx.length];
      for (int i = 0; i < idx.length; i++) {
        g[i] = SCORES[idx[i]] > CUTOFF ? 1 : 0;
      }
      LogRankTest.Result lr = LogRankTest.test(new RightCensoredSample(t, e), g);
      assertEquals(lr.chiSquare(), k.chiSquare(), 1e-12, k.cohort() + ": chi-square");
      assertEquals(lr.pValue(), k.pValue(), 1e-12, k.cohort() + ": p");
      double[] x = java.util.Arrays.stream(g).asDoubleStream().toArray();
      CoxPh.Result hr = CoxPh.fit(new RightCensoredSample(t, e), x);
      assertEquals(hr.hazardRatio(), k.hazard().hazardRatio(), 0, k.cohort() + ": HR high vs low");
      assertEquals(hr.lower(), k.hazard().lower(), 0, k.cohort() + ": HR lower");
      assertEquals(2, k.curves().size(), k.cohort() + ": two curves");
      for (int grp = 0; grp < 2; grp++) {
        SurvivalStage.Curve c = k.curves().get(grp);
        assertEquals(SurvivalStage.GROUPS[grp], c.group(), k.cohort() + ": group label");
        List<Double> gt = new ArrayList<>();
        List<Integer> ge = new ArrayList<>();
        for (int i = 0; i < g.length; i++) {
          if (g[i] == grp) {
            gt.add(t[i]);
            ge.add(e[i]);
          }
        }
        assertEquals(gt.size(), c.n(), k.cohort() + " " + c.group() + ": n");
        KaplanMeier want = KaplanMeier.fit(new RightCensoredSample(
            gt.stream().mapToDouble(Double::doubleValue).toArray(),
            ge.stream().mapToInt(Integer::intValue).toArray()));
        assertArrayEquals(want.survival(), c.fit().survival(), 1e-15,
            k.cohort() + " " + c.group() + ": survival");
      }
    }
    // training: high = rows 0,1,3 (scores 2.0, 1.5, 0.9), low = the other 5
    assertEquals(5, km.get(0).curves().get(0).n(), "training low");
    assertEquals(3, km.get(0).curves().get(1).n(), "training high");
    // censored marks of the training low group: times 14, 30, 50
    assertArrayEquals(new double[] {14, 30, 50}, km.get(0).curves().get(0).censored(), 0,
        "censoring marks");
  }

  @Test
  void riskTableCountsPatientsStillAtRiskEvery12() {
    SurvivalStage.Km train = run(List.of(signature(SCORES, CUTOFF)), new ArrayList<>()).get(0);
    assertArrayEquals(new double[] {0, 12, 24, 36, 48}, train.riskTimes(), 0,
        "risk times up to the last follow-up (50)");
    // low: times 14, 25, 30, 41, 50; high: 3, 8, 20
    assertArrayEquals(new int[] {5, 5, 4, 2, 1}, train.atRisk()[0], "low at risk");
    assertArrayEquals(new int[] {3, 1, 0, 0, 0}, train.atRisk()[1], "high at risk");
  }

  @Test
  void singleGroupCohortGivesWarningAndNaNTest() {
    double[] scores = SCORES.clone();
    for (int i = 8; i < 12; i++) {
      scores[i] = -5; // every validation patient low
    }
    List<Warning> w = new ArrayList<>();
    SurvivalStage.Km valid = run(List.of(signature(scores, CUTOFF)), w).get(1);
    assertTrue(Double.isNaN(valid.pValue()), "p NaN, was " + valid.pValue());
    assertTrue(Double.isNaN(valid.chiSquare()), "chi-square NaN");
    assertEquals(1, valid.curves().size(), "one curve");
    assertEquals("low", valid.curves().get(0).group(), "the low group");
    assertArrayEquals(new int[valid.riskTimes().length], valid.atRisk()[1], "no one high");
    assertTrue(StageFixtures.hasWarning(w, "survival", Signature.DELTA + " validation",
        "every patient is in the low score group"), "warning: " + w);
  }

  @Test
  void signatureWithoutCutoffHasNoPanels() {
    assertEquals(List.of(), run(List.of(signature(SCORES, Double.NaN)), new ArrayList<>()),
        "no cut-off, no Kaplan-Meier panels");
  }
}
