package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The solver's rearranged loops give glmnet's doubles: the same sums, in the same order, as
 * one coordinate at a time with a separate inner product (the loop before 2026-12, kept here
 * as the reference).
 */
class CoxNetSweeperTest {
  private static double[][] columns(SplittableRandom r, int p, int n) {
    double[][] x = new double[p][n];
    for (double[] c : x) {
      for (int i = 0; i < n; i++) {
        c[i] = r.nextGaussian();
      }
    }
    return x;
  }

  /** The reference: glmnet's coordinate update, inner product first, then wr and f. */
  private static double update(int j, double[] xj, double[] a, double[] v, double[] vp,
      double sa, double omal, double[] wr, double[] w, double[] f) {
    double u = a[j] * v[j] + CoxNetSolver.dot(wr, xj);
    double at = Math.abs(u) > vp[j] * sa
        ? Math.copySign(Math.abs(u) - vp[j] * sa, u) / (v[j] + vp[j] * omal) : 0.0;
    if (at == a[j]) {
      return 0.0;
    }
    double del = at - a[j];
    a[j] = at;
    for (int i = 0; i < xj.length; i++) {
      wr[i] -= del * w[i] * xj[i];
      f[i] += del * xj[i];
    }
    return del;
  }

  @Test
  void sweepsEqualTheOneCoordinateAtATimeLoop() {
    SplittableRandom r = new SplittableRandom(8);
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + r.nextInt(300);
      int p = 1 + r.nextInt(12);
      double[][] x = columns(r, p, n);
      double[] w = new double[n];
      double[] wr0 = new double[n];
      for (int i = 0; i < n; i++) {
        w[i] = 0.01 + r.nextDouble();
        wr0[i] = r.nextGaussian();
      }
      double[] v = new double[p];
      double[] vp = new double[p];
      double[] a0 = new double[p];
      for (int j = 0; j < p; j++) {
        v[j] = 0.5 + r.nextDouble();
        vp[j] = 1;
        // some coordinates start at their solution, so some passes make no change
        a0[j] = r.nextInt(3) == 0 ? 0 : r.nextGaussian();
      }
      double sa = r.nextDouble() * 3;
      int[] order = new int[p];
      int count = 0;
      for (int j = 0; j < p; j++) {
        if (r.nextInt(4) > 0) {
          order[count++] = j;
        }
      }
      double[] a = a0.clone();
      double[] wr = wr0.clone();
      double[] f = new double[n];
      CoxNetSolver.Sweeper s = new CoxNetSolver.Sweeper(x, a, v, vp, wr, w, f, new int[p],
          new int[p], p);
      double[] ra = a0.clone();
      double[] rwr = wr0.clone();
      double[] rf = new double[n];
      for (int pass = 0; pass < 4; pass++) {
        double dli = s.sweep(order, count, sa, 0, false);
        double rdli = 0;
        for (int k = 0; k < count; k++) {
          int j = order[k];
          double del = update(j, x[j], ra, v, vp, sa, 0, rwr, w, rf);
          if (del != 0.0) {
            rdli = Math.max(rdli, v[j] * (del * del));
          }
        }
        assertEquals(Double.doubleToLongBits(rdli), Double.doubleToLongBits(dli), "dli");
        assertArrayEquals(ra, a, "trial " + trial + " pass " + pass);
        assertArrayEquals(rwr, wr);
        assertArrayEquals(rf, f);
      }
    }
  }

  @Test
  void batchedSumsEqualOneColumnAtATime() {
    SplittableRandom r = new SplittableRandom(2);
    int n = 257;
    double[][] x = columns(r, 17, n);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = r.nextDouble();
    }
    // 15 columns: a block of eight, one of four, three single
    int[] cols = {0, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    double[] ga = new double[17];
    double[] v = new double[17];
    CoxNetSolver.absDots(w, x, cols, cols.length, ga);
    CoxNetSolver.curvatures(w, x, cols, cols.length, v);
    for (int j : cols) {
      assertEquals(Math.abs(CoxNetSolver.dot(w, x[j])), ga[j]);
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += w[i] * (x[j][i] * x[j][i]);
      }
      assertEquals(s, v[j]);
    }
  }
}
