package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CoxNet path and CoxNetCv against glmnet 4.1-6 (core/src/test/r/coxnet_golden.R). */
class CoxNetGoldenTest {
  static final double LAMBDA_TOL = 1e-10;
  static final double BETA_TOL = 1e-6;

  @ParameterizedTest
  @ValueSource(strings = {"paper", "ties", "heavycens", "pgtn", "corr", "const", "strong", "days",
      "daysloo", "earlycens"})
  void pathMatchesGlmnet(String name) {
    CoxNetGolden g = new CoxNetGolden(name);
    CoxNetPath path = new CoxNet().fit(g.x, g.time, g.status);
    assertEquals(g.path.length, path.size(), name + ": path length");
    assertEquals(g.num("nulldev"), path.nullDeviance(), 1e-10 * g.num("nulldev"),
        name + ": nulldev");
    double maxBeta = 0;
    for (int k = 0; k < path.size(); k++) {
      double[] row = g.path[k];
      assertEquals(row[0], path.lambda(k), LAMBDA_TOL * row[0], name + ": lambda " + k);
      assertEquals(row[1], path.devRatios()[k], 1e-9, name + ": dev.ratio " + k);
      assertEquals((int) row[2], path.df()[k], name + ": df " + k);
      double[] b = path.beta(k);
      for (int j = 0; j < b.length; j++) {
        maxBeta = Math.max(maxBeta, Math.abs(row[3 + j] - b[j]));
        assertEquals(row[3 + j], b[j], BETA_TOL, name + ": beta[" + k + "][" + j + "]");
      }
    }
    System.out.printf("%s path: %d lambdas, max |beta - glmnet| = %.3g%n", name, path.size(),
        maxBeta);
  }

  @org.junit.jupiter.api.Test
  void userLambdasAndElasticNetMatchGlmnet() {
    CoxNetGolden g = new CoxNetGolden("ties");
    comparePath("user lambda", g.pathFile("path_user_lambda.csv"),
        new CoxNet().setLambda(new double[] {0.3, 0.1, 0.05, 0.01, 0.001})
            .fit(g.x, g.time, g.status));
    comparePath("alpha 0.5", g.pathFile("path_alpha05.csv"),
        new CoxNet().setAlpha(0.5).fit(g.x, g.time, g.status));
  }

  private static void comparePath(String what, double[][] ref, CoxNetPath path) {
    assertEquals(ref.length, path.size(), what + ": path length");
    for (int k = 0; k < path.size(); k++) {
      assertEquals(ref[k][0], path.lambda(k), LAMBDA_TOL * ref[k][0], what + ": lambda " + k);
      assertEquals(ref[k][1], path.devRatios()[k], 1e-9, what + ": dev.ratio " + k);
      double[] b = path.beta(k);
      for (int j = 0; j < b.length; j++) {
        assertEquals(ref[k][3 + j], b[j], BETA_TOL, what + ": beta[" + k + "][" + j + "]");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"paper", "ties", "heavycens", "pgtn", "corr", "const", "strong", "days",
      "daysloo", "earlycens"})
  void crossValidationMatchesCvGlmnet(String name) {
    CoxNetGolden g = new CoxNetGolden(name);
    CoxNetCvResult cv = new CoxNetCv().fit(g.x, g.time, g.status, g.foldId);
    double[] lam = cv.lambda();
    double[] cvm = cv.cvm();
    double[] cvsd = cv.cvsd();
    assertEquals(g.cv.length, lam.length, name + ": CV curve length");
    double maxCvm = 0;
    for (int l = 0; l < lam.length; l++) {
      assertEquals(g.cv[l][0], lam[l], LAMBDA_TOL * g.cv[l][0], name + ": lambda " + l);
      maxCvm = Math.max(maxCvm, Math.abs(g.cv[l][1] - cvm[l]) / Math.abs(g.cv[l][1]));
      assertEquals(g.cv[l][1], cvm[l], 1e-6 * Math.abs(g.cv[l][1]), name + ": cvm " + l);
      assertEquals(g.cv[l][2], cvsd[l], 1e-6 * Math.abs(g.cv[l][2]), name + ": cvsd " + l);
      assertEquals((int) g.cv[l][3], cv.nzero()[l], name + ": nzero " + l);
    }
    assertEquals(g.num("index_min") - 1, cv.indexMin(), name + ": index of lambda.min");
    assertEquals(g.num("index_1se") - 1, cv.index1se(), name + ": index of lambda.1se");
    assertEquals(g.num("lambda_min"), cv.lambdaMin(), LAMBDA_TOL * g.num("lambda_min"));
    assertEquals(g.num("lambda_1se"), cv.lambda1se(), LAMBDA_TOL * g.num("lambda_1se"));
    double[] bmin = cv.coefficientsMin();
    double[] b1se = cv.coefficients1se();
    double maxCoef = 0;
    for (int j = 0; j < bmin.length; j++) {
      maxCoef = Math.max(maxCoef, Math.max(Math.abs(bmin[j] - g.coefMin[j]),
          Math.abs(b1se[j] - g.coef1se[j])));
      assertEquals(g.coefMin[j], bmin[j], BETA_TOL, name + ": coef at lambda.min " + j);
      assertEquals(g.coef1se[j], b1se[j], BETA_TOL, name + ": coef at lambda.1se " + j);
    }
    System.out.printf("%s cv: %d folds, max rel |cvm - R| = %.3g, max |coef - R| = %.3g%n", name,
        cv.numFolds(), maxCvm, maxCoef);
  }
}
