package org.deltarad.stats;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.special.Gamma;

/**
 * Log-rank test of equal survival in k groups, as R {@code survival::survdiff(..., rho = 0)}.
 *
 * <p>At each distinct event time u with n at risk and d events, group g expects
 * {@code n_g d / n} events; the covariance is
 * {@code V_gh = sum_u d (n - d) / (n - 1) * n_g / n * (delta_gh - n_h / n)}. Groups with
 * expected count 0 are dropped, then the first remaining group:
 * {@code chisq = (O - E)' V^-1 (O - E)}, df = (groups with E > 0) - 1,
 * p = P(chi2_df > chisq). Groups are ordered by label (as R's factor levels).
 */
public final class LogRankTest {
  private LogRankTest() {}

  public record Result(
      double chiSquare,
      int df,
      double pValue,
      /** group labels in ascending order, the order of observed/expected */
      int[] groups,
      int[] size,
      double[] observed,
      double[] expected) {}

  public static Result test(RightCensoredSample sample, int[] group) {
    int n = sample.size();
    if (group == null || group.length != n) {
      throw new IllegalArgumentException(sample.label() + ": log-rank needs one group label per"
          + " subject (" + n + "), got " + (group == null ? 0 : group.length));
    }
    int[] levels = Arrays.stream(group).sorted().distinct().toArray();
    int k = levels.length;
    if (k < 2) {
      throw new IllegalArgumentException(sample.label() + ": log-rank needs at least 2 groups,"
          + " got " + k);
    }
    int[] g = new int[n];
    int[] size = new int[k];
    for (int i = 0; i < n; i++) {
      g[i] = Arrays.binarySearch(levels, group[i]);
      size[g[i]]++;
    }
    int[] ord = sample.orderByTime();
    double[] obs = new double[k];
    double[] exp = new double[k];
    double[][] var = new double[k][k];
    int[] atRisk = size.clone();
    int[] deadIn = new int[k];
    int[] leaving = new int[k];
    for (int r = 0; r < n; ) {
      double u = sample.time(ord[r]);
      Arrays.fill(deadIn, 0);
      Arrays.fill(leaving, 0);
      int end = r;
      int dead = 0;
      while (end < n && sample.time(ord[end]) == u) {
        int i = ord[end];
        leaving[g[i]]++;
        if (sample.event(i) == 1) {
          deadIn[g[i]]++;
          dead++;
        }
        end++;
      }
      int nr = n - r;
      if (dead > 0) {
        for (int a = 0; a < k; a++) {
          obs[a] += deadIn[a];
          exp[a] += (double) atRisk[a] * dead / nr;
        }
        if (nr > 1) {
          double f = (double) dead * (nr - dead) / (nr - 1);
          for (int a = 0; a < k; a++) {
            double pa = (double) atRisk[a] / nr;
            for (int b = 0; b < k; b++) {
              double pb = (double) atRisk[b] / nr;
              var[a][b] += f * pa * ((a == b ? 1.0 : 0.0) - pb);
            }
          }
        }
      }
      for (int a = 0; a < k; a++) {
        atRisk[a] -= leaving[a];
      }
      r = end;
    }
    int[] keep = java.util.stream.IntStream.range(0, k).filter(a -> exp[a] > 0).toArray();
    int df = keep.length - 1;
    double chi = 0.0;
    if (keep.length >= 2) {
      int m = keep.length - 1;
      double[][] v = new double[m][m];
      double[] diff = new double[m];
      for (int a = 0; a < m; a++) {
        diff[a] = obs[keep[a + 1]] - exp[keep[a + 1]];
        for (int b = 0; b < m; b++) {
          v[a][b] = var[keep[a + 1]][keep[b + 1]];
        }
      }
      RealVector dv = new ArrayRealVector(diff, false);
      try {
        RealVector sol = new LUDecomposition(new Array2DRowRealMatrix(v, false)).getSolver()
            .solve(dv);
        chi = sol.dotProduct(dv);
      } catch (SingularMatrixException e) {
        throw new IllegalArgumentException(sample.label() + ": log-rank variance matrix is"
            + " singular (a group has no subject at risk at any event time?)");
      }
    }
    double p = df > 0 ? Gamma.regularizedGammaQ(df / 2.0, chi / 2.0) : Double.NaN;
    return new Result(chi, df, p, levels, size, obs, exp);
  }
}
