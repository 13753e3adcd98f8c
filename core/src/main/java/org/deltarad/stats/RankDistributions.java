package org.deltarad.stats;

/**
 * Exact null distributions of the Wilcoxon statistics, summed the way R's {@code pwilcox},
 * {@code qwilcox} and {@code psignrank} sum them (over the shorter tail, then complemented).
 * Commons Math has no rank-sum distribution function, and its {@code WilcoxonSignedRankTest}
 * exact p-value is computed for the two-sided test on a different statistic convention.
 */
final class RankDistributions {
  private RankDistributions() {}

  /** Counts of the rank-sum statistic W = 0..m*n for sample sizes m, n (R's cwilcox). */
  /** The last (m, n) computed and its counts: p-value and CI of one test use the same table. */
  private static volatile Object[] lastWilcox;

  static double[] wilcoxCounts(int m, int n) {
    // W's distribution is symmetric in (m, n); loop over the smaller sample size
    if (m > n) {
      return wilcoxCounts(n, m);
    }
    Object[] last = lastWilcox;
    if (last != null && (int) last[0] == m && (int) last[1] == n) {
      return (double[]) last[2];
    }
    double[] counts = computeWilcoxCounts(m, n);
    lastWilcox = new Object[] {m, n, counts};
    return counts;
  }

  private static double[] computeWilcoxCounts(int m, int n) {
    // generating function prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i): number of subsets of size m
    // of {1..m+n} by rank sum minus m(m+1)/2; built by DP over elements, counts by subset size
    int total = m + n;
    int maxW = m * n;
    double[][] dp = new double[m + 1][maxW + 1];
    dp[0][0] = 1;
    for (int e = 0; e < total; e++) {
      // adding element e (0-based) to a subset of current size s shifts W by e - s
      for (int s = Math.min(m, e + 1); s >= 1; s--) {
        int shift = e - (s - 1);
        if (shift < 0 || shift > n) {
          continue;
        }
        double[] from = dp[s - 1];
        double[] to = dp[s];
        for (int w = maxW - shift; w >= 0; w--) {
          if (from[w] != 0) {
            to[w + shift] += from[w];
          }
        }
      }
    }
    return dp[m];
  }

  static double choose(int n, int k) {
    double c = 1;
    for (int i = 1; i <= k; i++) {
      c = c * (n - k + i) / i;
    }
    return c;
  }

  /** {@code pwilcox(q, m, n, lower.tail)}. */
  static double pwilcox(double q, int m, int n, boolean lowerTail) {
    q = Math.floor(q + 1e-7);
    if (q < 0) {
      return lowerTail ? 0 : 1;
    }
    if (q >= (double) m * n) {
      return lowerTail ? 1 : 0;
    }
    double[] w = wilcoxCounts(m, n);
    double c = choose(m + n, n);
    double p = 0;
    boolean lower = lowerTail;
    if (q <= m * n / 2.0) {
      for (int i = 0; i <= q; i++) {
        p += w[i] / c;
      }
    } else {
      double qq = (double) m * n - q;
      for (int i = 0; i < qq; i++) {
        p += w[i] / c;
      }
      lower = !lower;
    }
    return lower ? p : 0.5 - p + 0.5;
  }

  /** {@code qwilcox(x, m, n)} for x in (0, 1). */
  static int qwilcox(double x, int m, int n) {
    double[] w = wilcoxCounts(m, n);
    double c = choose(m + n, n);
    double p = 0;
    int q = 0;
    if (x <= 0.5) {
      x = x - 10 * Math.ulp(1.0);
      for (;;) {
        p += w[q] / c;
        if (p >= x) {
          break;
        }
        q++;
      }
    } else {
      x = 1 - x + 10 * Math.ulp(1.0);
      for (;;) {
        p += w[q] / c;
        if (p > x) {
          q = m * n - q;
          break;
        }
        q++;
      }
    }
    return q;
  }

  /** Counts of the signed-rank statistic V = 0..n(n+1)/2 (R's csignrank). */
  static double[] signRankCounts(int n) {
    int max = n * (n + 1) / 2;
    double[] c = new double[max + 1];
    c[0] = 1;
    for (int k = 1; k <= n; k++) {
      for (int s = max; s >= k; s--) {
        c[s] += c[s - k];
      }
    }
    return c;
  }

  /** {@code qsignrank(x, n)} for x <= 0.5 (the lower quantiles the CIs need). */
  static int qsignrank(double x, int n) {
    if (x > 0.5) {
      throw new IllegalArgumentException("qsignrank: only lower quantiles, got " + x);
    }
    double[] c = signRankCounts(n);
    double f = Math.exp(-n * Math.log(2));
    double p = 0;
    int q = 0;
    x = x - 10 * Math.ulp(1.0);
    for (;;) {
      p += c[q] * f;
      if (p >= x) {
        return q;
      }
      q++;
    }
  }

  /** {@code psignrank(x, n, lower.tail)}. */
  static double psignrank(double x, int n, boolean lowerTail) {
    x = Math.rint(x + 1e-7);
    double max = n * (n + 1) / 2.0;
    if (x < 0) {
      return lowerTail ? 0 : 1;
    }
    if (x >= max) {
      return lowerTail ? 1 : 0;
    }
    double[] c = signRankCounts(n);
    double f = Math.exp(-n * Math.log(2));
    double p = 0;
    boolean lower = lowerTail;
    if (x <= n * (n + 1) / 4.0) {
      for (int i = 0; i <= x; i++) {
        p += c[i] * f;
      }
    } else {
      x = max - x;
      for (int i = 0; i < x; i++) {
        p += c[i] * f;
      }
      lower = !lower;
    }
    return lower ? p : 0.5 - p + 0.5;
  }
}
