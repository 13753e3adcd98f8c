package org.deltarad.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * Spearman's rho with its two-sided p-value, as R's {@code cor.test(x, y, method = "spearman")}.
 *
 * <p>rho is Pearson's r of the mid-ranks; {@code S = (n^3 - n)(1 - rho)/6}. Without ties and
 * n <= 1290, R uses algorithm AS 89 ({@code prho}): the exact permutation distribution of S for
 * n <= 9, an Edgeworth series otherwise; with ties (or n > 1290) the t approximation
 * {@code t = r / sqrt((1 - r^2)/(n - 2))}, df n - 2, r recomputed from S. Commons Math has only
 * the t approximation (in {@code PearsonsCorrelation}), so AS 89 is written here.
 */
public final class SpearmanCorrelation {
  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
  private static final double[] EDGEWORTH = {0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932,
      0.0879, 0.0151, 0.0072, 0.0831, 0.0131, 4.6e-4};
  private static final double[][] EXACT_COUNTS = new double[10][];

  /** rho, S statistic, two-sided p-value, whether the AS 89 path (rather than t) was used. */
  public record Result(double rho, double s, double pValue, boolean exact) {}

  private SpearmanCorrelation() {}

  public static Result test(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("Spearman: x and y differ in length (" + x.length
          + " vs " + y.length + ")");
    }
    Ranks.requireFinite("Spearman x", x);
    Ranks.requireFinite("Spearman y", y);
    int n = x.length;
    if (n < 3) {
      throw new IllegalArgumentException("Spearman: need at least 3 pairs, got " + n);
    }
    double[] rx = Ranks.rank(x);
    double[] ry = Ranks.rank(y);
    double rho = new PearsonsCorrelation().correlation(rx, ry);
    if (!Double.isFinite(rho)) {
      throw new IllegalArgumentException("Spearman: a variable is constant, rho undefined");
    }
    double nn = n;
    double q = (nn * nn * nn - nn) * (1 - rho) / 6;
    boolean exact = !Ranks.hasTies(rx) && !Ranks.hasTies(ry) && n <= 1290;
    boolean upperTail = q > (nn * nn * nn - nn) / 6;
    double p;
    if (exact) {
      p = upperTail ? prho(n, Math.rint(q), false) : prho(n, Math.rint(q) + 2, true);
    } else {
      double den = nn * (nn * nn - 1) / 6;
      double r = 1 - q / den;
      double t = r / Math.sqrt((1 - r * r) / (nn - 2));
      TDistribution td = new TDistribution(null, nn - 2);
      // pspearman(q, lower.tail) = pt(t, lower.tail = !lower.tail)
      p = upperTail ? td.cumulativeProbability(t) : td.cumulativeProbability(-t);
    }
    return new Result(rho, q, Math.min(2 * p, 1), exact);
  }

  /** AS 89: P[S >= is] (upper) or P[S < is] (lower). */
  static double prho(int n, double is, boolean lowerTail) {
    double pv = lowerTail ? 0 : 1;
    if (is <= 0) {
      return pv;
    }
    double n3 = (double) n * ((double) n * n - 1) / 3;
    if (is > n3) {
      return 1 - pv;
    }
    if (n <= 9) {
      double[] counts = exactCounts(n);
      double nfac = 0;
      double ifr = 0;
      for (int s = 0; s < counts.length; s++) {
        nfac += counts[s];
        if (s >= is) {
          ifr += counts[s];
        }
      }
      return (lowerTail ? nfac - ifr : ifr) / nfac;
    }
    double[] c = EDGEWORTH;
    double b = 1.0 / n;
    double x = (6 * (is - 1) * b / ((double) n * n - 1) - 1) * Math.sqrt(n - 1.0);
    double y = x * x;
    double u = x * b * (c[0] + b * (c[1] + c[2] * b) + y * (-c[3] + b * (c[4] + c[5] * b)
        - y * b * (c[6] + c[7] * b - y * (c[8] - c[9] * b + y * b * (c[10] - c[11] * y)))));
    y = u / Math.exp(y / 2);
    pv = lowerTail ? -y + NORMAL.cumulativeProbability(x) : y + NORMAL.cumulativeProbability(-x);
    return Math.max(0, Math.min(1, pv));
  }

  /** Number of permutations of 1..n with sum (i - p_i)^2 = s, s = 0..n(n^2-1)/3. */
  private static synchronized double[] exactCounts(int n) {
    if (EXACT_COUNTS[n] == null) {
      int max = n * (n * n - 1) / 3;
      double[] counts = new double[max + 1];
      enumerate(n, 0, new boolean[n], 0, counts);
      EXACT_COUNTS[n] = counts;
    }
    return EXACT_COUNTS[n];
  }

  private static void enumerate(int n, int pos, boolean[] used, int s, double[] counts) {
    if (pos == n) {
      counts[s]++;
      return;
    }
    for (int v = 0; v < n; v++) {
      if (!used[v]) {
        used[v] = true;
        enumerate(n, pos + 1, used, s + (pos - v) * (pos - v), counts);
        used[v] = false;
      }
    }
  }
}
