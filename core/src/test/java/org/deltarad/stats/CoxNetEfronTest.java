package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Efron ties (our extension; glmnet 4.1-6 is Breslow only): unpenalised fits against
 * survival::coxph, the penalised path against the lasso optimality (KKT) conditions of Efron's
 * partial likelihood, and identity with Breslow when no event times are tied.
 */
class CoxNetEfronTest {

  @ParameterizedTest
  @ValueSource(strings = {"ties", "paper"})
  void lambdaZeroEqualsCoxph(String name) throws IOException {
    CoxNetGolden g = new CoxNetGolden(name);
    double[][] ref = coxph(name);
    for (CoxNet.Ties ties : CoxNet.Ties.values()) {
      CoxNetPath p = new CoxNet().setTies(ties).setLambda(new double[] {0}).setThresh(1e-25)
          .fit(g.x, g.time, g.status);
      double[] b = p.beta(0);
      int col = ties == CoxNet.Ties.BRESLOW ? 0 : 1;
      double max = 0;
      for (int j = 0; j < b.length; j++) {
        max = Math.max(max, Math.abs(b[j] - ref[j][col]));
        assertEquals(ref[j][col], b[j], 1e-7, name + " " + ties + " coef " + j);
      }
      System.out.printf("%s %s lambda=0 max |beta - coxph| = %.3g%n", name, ties, max);
    }
  }

  @Test
  void efronPathSatisfiesKktConditions() {
    CoxNetGolden g = new CoxNetGolden("ties");
    CoxNetPath path = new CoxNet().setTies(CoxNet.Ties.EFRON).setThresh(1e-16)
        .fit(g.x, g.time, g.status);
    CoxData data = CoxData.of(g.x, g.time, g.status, "ties");
    int n = data.n;
    double[] sd = new double[data.p];
    for (int j = 0; j < data.p; j++) {
      double m = 0;
      for (double v : data.cols[j]) {
        m += v / n;
      }
      double s = 0;
      for (double v : data.cols[j]) {
        s += (v - m) * (v - m) / n;
      }
      sd[j] = Math.sqrt(s);
    }
    for (int k = 1; k < path.size(); k += 7) {
      double lam = path.lambda(k);
      double[] beta = path.beta(k);
      for (int j = 0; j < data.p; j++) {
        double h = 1e-5;
        double[] bp = beta.clone();
        double[] bm = beta.clone();
        bp[j] += h;
        bm[j] -= h;
        double grad = (efronLogLik(data, bp) - efronLogLik(data, bm)) / (2 * h) / sd[j];
        if (beta[j] != 0) {
          assertEquals(Math.signum(beta[j]) * lam, grad, 1e-6,
              "stationarity at lambda " + k + ", coef " + j);
        } else {
          assertTrue(Math.abs(grad) <= lam + 1e-6, "KKT at lambda " + k + ", coef " + j);
        }
      }
    }
  }

  @Test
  void efronEqualsBreslowWithoutTiedEvents() {
    CoxNetGolden g = new CoxNetGolden("heavycens");
    CoxNetPath b = new CoxNet().fit(g.x, g.time, g.status);
    CoxNetPath e = new CoxNet().setTies(CoxNet.Ties.EFRON).fit(g.x, g.time, g.status);
    assertEquals(b.size(), e.size());
    for (int k = 0; k < b.size(); k++) {
      assertEquals(b.lambda(k), e.lambda(k), 1e-14 * b.lambda(k));
      for (int j = 0; j < g.names.length; j++) {
        assertEquals(b.beta(k)[j], e.beta(k)[j], 1e-12);
      }
    }
    CoxNetCvResult cb = new CoxNetCv().fit(g.x, g.time, g.status, g.foldId);
    CoxNetCvResult ce = new CoxNetCv(new CoxNet().setTies(CoxNet.Ties.EFRON))
        .fit(g.x, g.time, g.status, g.foldId);
    assertEquals(cb.lambdaMin(), ce.lambdaMin(), 0.0);
    for (int l = 0; l < cb.cvm().length; l++) {
      assertEquals(cb.cvm()[l], ce.cvm()[l], 1e-10 * Math.abs(cb.cvm()[l]));
    }
  }

  /** Efron partial log-likelihood / n at original-scale beta, straight from its definition. */
  private static double efronLogLik(CoxData data, double[] beta) {
    int n = data.n;
    double[] f = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < data.p; j++) {
        f[i] += data.cols[j][i] * beta[j];
      }
    }
    double ll = 0;
    for (int i = 0; i < n; i++) {
      if (data.event[i] != 1) {
        continue;
      }
      ll += f[i];
    }
    // Distinct event times; risk set {time >= t}; tied events D.
    double[] times = data.time;
    java.util.TreeSet<Double> eventTimes = new java.util.TreeSet<>();
    for (int i = 0; i < n; i++) {
      if (data.event[i] == 1) {
        eventTimes.add(times[i]);
      }
    }
    for (double t : eventTimes) {
      double s = 0;
      double tt = 0;
      int m = 0;
      for (int i = 0; i < n; i++) {
        if (times[i] >= t) {
          s += Math.exp(f[i]);
        }
        if (times[i] == t && data.event[i] == 1) {
          tt += Math.exp(f[i]);
          m++;
        }
      }
      for (int r = 0; r < m; r++) {
        ll -= Math.log(s - (double) r / m * tt);
      }
    }
    return ll / n;
  }

  private static double[][] coxph(String name) throws IOException {
    String res = "/golden/coxnet/" + name + "/coxph.csv";
    try (InputStream in = CoxNetEfronTest.class.getResourceAsStream(res)) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\n");
      double[][] out = new double[lines.length - 1][2];
      for (int i = 1; i < lines.length; i++) {
        String[] r = lines[i].split(",");
        out[i - 1][0] = Double.parseDouble(r[1]);
        out[i - 1][1] = Double.parseDouble(r[2]);
      }
      return out;
    }
  }
}
