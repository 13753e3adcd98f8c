package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettings.KFold;
import org.deltarad.analysis.settings.AnalysisSettings.Lasso;
import org.deltarad.analysis.settings.AnalysisSettings.LambdaRule;
import org.deltarad.analysis.settings.AnalysisSettings.LeaveOneOut;
import org.deltarad.stats.CoxNet;
import org.deltarad.stats.CoxNetCv;
import org.deltarad.stats.CoxNetCvResult;
import org.deltarad.stats.RightCensoredSample;
import org.deltarad.stats.SurvivalRoc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FitStageTest {
  private static PatientMatrix pm;
  private static CohortSplit split;
  private static int[] tr;
  private static double[] time;
  private static int[] event;

  @BeforeAll
  static void upstream() {
    StageFixtures.Upstream up = StageFixtures.upstream();
    pm = up.matrix();
    split = new SplitStage(AnalysisSettings.defaults()).run(pm, up.data().clinical(),
        StageFixtures.fieldStrength(up.data()), new ArrayList<>());
    tr = split.trainingRows();
    time = CohortSplit.pick(split.time(), tr);
    event = CohortSplit.pick(split.event(), tr);
  }

  private static List<Signature> run(Lasso lasso, WorkPool pool, List<Warning> w) {
    return new FitStage(StageFixtures.lasso(AnalysisSettings.defaults(), lasso), pool)
        .run(pm, split, w);
  }

  private static double[][] x(String signature) {
    return PatientMatrix.rows(signature.equals(Signature.DELTA) ? pm.delta() : pm.pre(), tr);
  }

  private static void assertSameCv(CoxNetCvResult want, CoxNetCvResult got, String what) {
    assertArrayEquals(want.lambda(), got.lambda(), 1e-12, what + ": lambda");
    assertArrayEquals(want.cvm(), got.cvm(), 1e-12, what + ": cvm");
    assertArrayEquals(want.cvsd(), got.cvsd(), 1e-12, what + ": cvsd");
    assertEquals(want.numFolds(), got.numFolds(), what + ": folds");
    assertEquals(want.indexMin(), got.indexMin(), what + ": index min");
    assertEquals(want.index1se(), got.index1se(), what + ": index 1se");
  }

  @Test
  void leaveOneOutEqualsCoxNetCvOnTheTrainingRows() {
    List<Warning> w = new ArrayList<>();
    List<Signature> sigs = run(AnalysisSettings.defaults().lasso(), WorkPool.local(), w);
    assertEquals(List.of(Signature.DELTA, Signature.PRE),
        sigs.stream().map(Signature::name).toList(), "signatures in order");
    for (Signature s : sigs) {
      CoxNetCvResult want = new CoxNetCv().fit(x(s.name()), time, event);
      assertSameCv(want, s.cv(), s.name());
      assertEquals(tr.length, s.cv().numFolds(), s.name() + ": one fold per training patient");
      assertEquals(want.lambdaMin(), s.model().lambda(), 1e-12, s.name() + ": lambda.min");
      assertArrayEquals(want.coefficientsMin(), s.model().coefficients(), 1e-12,
          s.name() + ": coefficients");
      double[][] all = s.name().equals(Signature.DELTA) ? pm.delta() : pm.pre();
      assertArrayEquals(s.model().linearPredictor(all), s.scores(), 0,
          s.name() + ": scores of every patient");
      assertEquals(pm.size(), s.scores().length, s.name() + ": one score per patient");
      assertArrayEquals(pm.features(), s.features(), s.name() + ": candidate features");
    }
  }

  @Test
  void plantedDeltaFeatureEntersTheDeltaSignature() {
    Signature delta = run(AnalysisSettings.defaults().lasso(), WorkPool.local(),
        new ArrayList<>()).get(0);
    assertTrue(delta.coefficients().getOrDefault(StageFixtures.SIGNAL, 0.0) > 0,
        "positive coefficient of the hazard-driving delta: " + delta.coefficients());
  }

  @Test
  void cutoffIsTheTrainingYoudenCutoff() {
    List<Warning> w = new ArrayList<>();
    for (Signature s : run(AnalysisSettings.defaults().lasso(), WorkPool.local(), w)) {
      if (s.empty()) {
        // an all-zero score has no cut-off (it would put everybody in one group)
        assertTrue(Double.isNaN(s.cutoff()), s.name() + ": no cut-off without features");
        assertTrue(StageFixtures.hasWarning(w, "lasso", s.name(), "no cut-off, AUC or"
            + " Kaplan-Meier curves"), "warning for " + s.name());
        continue;
      }
      double want;
      try {
        want = SurvivalRoc.km(new RightCensoredSample(time, event), CohortSplit.pick(s.scores(),
            tr), AnalysisSettings.defaults().roc().horizon()).youdenCutoff();
      } catch (IllegalArgumentException ex) {
        want = Double.NaN;
        assertTrue(StageFixtures.hasWarning(w, "roc", s.name(), "no Youden cut-off"),
            "warning for " + s.name());
      }
      assertEquals(want, s.cutoff(), 0, s.name() + ": cut-off");
    }
  }

  @Test
  void nneCutoffMethodUsesSurvivalRocNne() {
    AnalysisSettings d = AnalysisSettings.defaults();
    for (double span : new double[] {Double.NaN, 0.1}) {
      AnalysisSettings nne = new AnalysisSettings(d.clinical(), d.timepoints(), d.features(),
          d.harmonization(), d.icc(), d.split(), d.lasso(), new AnalysisSettings.Roc(
          d.roc().horizon(), d.roc().diameterBreaks(), AnalysisSettings.CutoffMethod.NNE, span),
          d.survival(), d.execution());
      Signature s = new FitStage(nne, WorkPool.local()).run(pm, split, new ArrayList<>()).get(0);
      double want = SurvivalRoc.nne(new RightCensoredSample(time, event), CohortSplit.pick(
          s.scores(), tr), d.roc().horizon(), Double.isNaN(span)
          ? SurvivalRoc.defaultSpan(time.length) : span).youdenCutoff();
      assertEquals(want, s.cutoff(), 0, "NNE cut-off, span " + span);
    }
  }

  @Test
  void oneSeRulePicksModel1se() {
    Lasso lasso = new Lasso(new LeaveOneOut(), LambdaRule.ONE_SE, CoxNet.Ties.BRESLOW);
    for (Signature s : run(lasso, WorkPool.local(), new ArrayList<>())) {
      CoxNetCvResult want = new CoxNetCv().fit(x(s.name()), time, event);
      assertEquals(want.lambda1se(), s.model().lambda(), 1e-12, s.name() + ": lambda.1se");
      assertArrayEquals(want.coefficients1se(), s.model().coefficients(), 1e-12,
          s.name() + ": coefficients at lambda.1se");
    }
  }

  @Test
  void kFoldUsesKFoldsDrawnWithTheSplitSeed() {
    Lasso lasso = new Lasso(new KFold(5), LambdaRule.MIN, CoxNet.Ties.BRESLOW);
    for (Signature s : run(lasso, WorkPool.local(), new ArrayList<>())) {
      assertEquals(5, s.cv().numFolds(), s.name() + ": folds");
      int[] folds = CoxNetCv.kFold(tr.length, 5, AnalysisSettings.defaults().split().seed());
      assertSameCv(new CoxNetCv().fit(x(s.name()), time, event, folds), s.cv(), s.name());
    }
  }

  @Test
  void workPoolResultsAreIdenticalToASequentialPool() {
    Lasso lasso = AnalysisSettings.defaults().lasso();
    List<Signature> par = run(lasso, WorkPool.local(), new ArrayList<>());
    List<Signature> seq = run(lasso, StageFixtures.sequentialPool(), new ArrayList<>());
    for (int k = 0; k < par.size(); k++) {
      String what = par.get(k).name();
      assertArrayEquals(seq.get(k).cv().cvm(), par.get(k).cv().cvm(), 0, what + ": cvm");
      assertArrayEquals(seq.get(k).cv().cvsd(), par.get(k).cv().cvsd(), 0, what + ": cvsd");
      assertArrayEquals(seq.get(k).scores(), par.get(k).scores(), 0, what + ": scores");
      assertEquals(seq.get(k).cutoff(), par.get(k).cutoff(), 0, what + ": cut-off");
    }
  }
}
