package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Behaviour of CoxNet / CoxNetCv beyond the golden values: API contracts and bad input. */
class CoxNetTest {
  private static final CoxNetGolden TIES = new CoxNetGolden("ties");

  @Test
  void leaveOneOutIsTheDefaultAndParallelEqualsSequential() {
    CoxNetCvResult loo = new CoxNetCv().fit(TIES.x, TIES.time, TIES.status);
    CoxNetCvResult seq = new CoxNetCv().setParallel(false)
        .fit(TIES.x, TIES.time, TIES.status, CoxNetCv.leaveOneOut(TIES.time.length));
    assertEquals(TIES.time.length, loo.numFolds());
    assertArrayEquals(seq.cvm(), loo.cvm(), 0.0);
    assertArrayEquals(seq.cvsd(), loo.cvsd(), 0.0);
    assertArrayEquals(seq.coefficientsMin(), loo.coefficientsMin(), 0.0);
  }

  @Test
  void foldsComputedOneByOneCombineToTheSameCurve() {
    CoxNetGolden g = new CoxNetGolden("heavycens");
    CoxNetCv cv = new CoxNetCv();
    CoxNetCvResult whole = cv.fit(g.x, g.time, g.status, g.foldId);
    CoxNetPath full = new CoxNet().fit(g.x, g.time, g.status);
    double[][] rows = new double[10][];
    for (int k = 1; k <= 10; k++) {
      rows[k - 1] = cv.foldDeviance(g.x, g.time, g.status, g.foldId, k, full.lambdas());
    }
    CoxNetCvResult combined = CoxNetCv.combine(full, g.foldId, g.status, rows);
    assertArrayEquals(whole.cvm(), combined.cvm(), 0.0);
    assertEquals(whole.lambdaMin(), combined.lambdaMin(), 0.0);
    assertEquals(whole.lambda1se(), combined.lambda1se(), 0.0);
  }

  @Test
  void kFoldIsDeterministicBalancedAndSeedDependent() {
    int[] a = CoxNetCv.kFold(103, 10, 42);
    assertArrayEquals(a, CoxNetCv.kFold(103, 10, 42));
    assertTrue(!Arrays.equals(a, CoxNetCv.kFold(103, 10, 43)));
    int[] count = new int[11];
    for (int f : a) {
      count[f]++;
    }
    for (int k = 1; k <= 10; k++) {
      assertTrue(count[k] == 10 || count[k] == 11, "fold " + k + " size " + count[k]);
    }
    assertThrows(IllegalArgumentException.class, () -> CoxNetCv.kFold(10, 2, 1));
  }

  @Test
  void modelGivesRiskScoresAndInterpolatesBetweenLambdas() {
    CoxNetPath path = new CoxNet().fit(TIES.x, TIES.time, TIES.status);
    CoxNetModel m = path.model(20);
    double[] b = m.coefficients();
    double[] lp = m.linearPredictor(TIES.x);
    for (int i = 0; i < TIES.x.length; i++) {
      double s = 0;
      for (int j = 0; j < b.length; j++) {
        s += TIES.x[i][j] * b[j];
      }
      assertEquals(s, lp[i], 1e-12);
    }
    assertArrayEquals(path.beta(20), path.coefficientsAt(path.lambda(20)), 0.0);
    double mid = 0.5 * (path.lambda(20) + path.lambda(21));
    double[] c = path.coefficientsAt(mid);
    for (int j = 0; j < b.length; j++) {
      assertEquals(0.5 * (path.beta(20)[j] + path.beta(21)[j]), c[j], 1e-6);
    }
    assertArrayEquals(path.beta(0), path.coefficientsAt(1e9), 0.0);
    assertArrayEquals(path.beta(path.size() - 1), path.coefficientsAt(0), 0.0);
    assertThrows(IllegalArgumentException.class, () -> m.linearPredictor(new double[][] {{1}}));
  }

  @Test
  void constantColumnStaysZero() {
    CoxNetGolden g = new CoxNetGolden("const");
    CoxNetPath path = new CoxNet().fit(g.x, g.time, g.status);
    for (int k = 0; k < path.size(); k++) {
      assertEquals(0.0, path.beta(k)[2]);
    }
    assertNotEquals(0.0, path.beta(path.size() - 1)[0]);
  }

  @Test
  void userLambdasRunTheWholeSequenceWithoutEarlyStop() {
    double[] lam = {0.5, 0.2, 0.1, 0.05, 0.01, 0.001, 1e-4};
    CoxNetPath path = new CoxNet().setLambda(new double[] {0.01, 0.5, 1e-4, 0.2, 0.1, 0.05,
        0.001}).fit(TIES.x, TIES.time, TIES.status);
    assertArrayEquals(lam, path.lambdas(), 0.0);
  }

  @Test
  void badInputIsRejectedWithAClearMessage() {
    double[][] x = {{1, 2}, {2, 1}, {3, 5}, {4, 3}, {5, 4}};
    double[] t = {1, 2, 3, 4, 5};
    int[] e = {1, 0, 1, 1, 0};
    CoxNet cn = new CoxNet();
    assertMessage("times must be positive",
        () -> cn.fit(x, new double[] {1, -2, 3, 4, 5}, e));
    assertMessage("times must be positive", () -> cn.fit(x, new double[] {0, 2, 3, 4, 5}, e));
    assertMessage("missing values",
        () -> cn.fit(new double[][] {{1, 2}, {2, Double.NaN}, {3, 5}, {4, 3}, {5, 4}}, t, e));
    assertMessage("time of row 3 is NaN",
        () -> cn.fit(x, new double[] {1, 2, Double.NaN, 4, 5}, e));
    assertMessage("no events", () -> cn.fit(x, t, new int[] {0, 0, 0, 0, 0}));
    assertMessage("must be 0 or 1", () -> cn.fit(x, t, new int[] {2, 0, 1, 1, 0}));
    assertMessage("at least 2 observations",
        () -> cn.fit(new double[][] {{1, 2}}, new double[] {1}, new int[] {1}));
    assertMessage("rows", () -> cn.fit(x, new double[] {1, 2, 3}, new int[] {1, 1, 1}));
    assertMessage("all covariates are constant",
        () -> cn.fit(new double[][] {{1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}}, t, e));
    assertMessage("too many censored",
        () -> cn.fit(x, t, new int[] {0, 0, 0, 1, 0}));
    CoxNetCv cv = new CoxNetCv();
    assertMessage("nfolds must be at least 3", () -> cv.fit(x, t, e, new int[] {1, 2, 1, 2, 1}));
    assertMessage("fold 2 of 1..3 is empty", () -> cv.fit(x, t, e, new int[] {1, 3, 1, 3, 1}));
    assertMessage("one entry per observation", () -> cv.fit(x, t, e, new int[] {1, 2, 3}));
    assertMessage("alpha", () -> new CoxNet().setAlpha(0));
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable ex) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
    assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part
        + "'");
  }
}
