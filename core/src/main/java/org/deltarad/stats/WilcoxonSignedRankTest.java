package org.deltarad.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Paired Wilcoxon signed-rank test, two-sided, as R's {@code wilcox.test(x, y, paired = TRUE)}.
 *
 * <p>Differences {@code d = x - y}; zeros are dropped (n counts the rest);
 * {@code V = sum(rank(|d|)[d > 0])}. Exact p from the signed-rank distribution when n < 50 and
 * there were no ties and no zeros; otherwise {@code z = (V - n(n+1)/4 - 0.5 sign) / sigma},
 * {@code sigma^2 = n(n+1)(2n+1)/24 - sum(t^3 - t)/48}. The Hodges-Lehmann pseudo-median and
 * its CI follow R's {@code conf.int = TRUE}: Walsh averages and {@code qsignrank} on the exact
 * path; on the approximate path the roots of the shifted statistic found as R finds them
 * ({@link RUniroot}, tol 1e-4), alpha doubled while the requested level is not achievable.
 *
 * <p>Commons Math's {@code WilcoxonSignedRankTest} is not used: its exact p-value equals R's only
 * without ties or zeros and only up to n = 30 (its enumeration limit; R is exact to n = 49), it
 * keeps zero differences, and its normal approximation has no continuity or tie correction
 * (checked on this class's golden cases: 6 of 7 p-values differ from R, by up to 40%).
 */
public final class WilcoxonSignedRankTest {
  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
  private static final double CONF_LEVEL = 0.95;
  /** As R: {@code alpha <- 1 - conf.level}, which is 0.050000000000000044, not 0.05. */
  private static final double ALPHA = 1 - CONF_LEVEL;

  /**
   * V statistic, two-sided p-value, the number of non-zero differences, whether exact, and the
   * Hodges-Lehmann pseudo-median of the differences with its 95% CI (R's {@code conf.int = TRUE};
   * {@code confLevel} is the level achieved, lower than 0.95 when R widens alpha for tiny n).
   */
  public record Result(double v, double pValue, int n, boolean exact, double estimate,
      double lower, double upper, double confLevel) {}

  private WilcoxonSignedRankTest() {}

  public static Result test(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("signed-rank test: x and y differ in length (" + x.length
          + " vs " + y.length + ")");
    }
    Ranks.requireFinite("signed-rank x", x);
    Ranks.requireFinite("signed-rank y", y);
    int nz = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] - y[i] != 0) {
        nz++;
      }
    }
    if (nz == 0) {
      throw new IllegalArgumentException("signed-rank test: all " + x.length
          + " paired differences are zero");
    }
    boolean zeroes = nz < x.length;
    double[] d = new double[nz];
    double[] abs = new double[nz];
    int k = 0;
    for (int i = 0; i < x.length; i++) {
      double di = x[i] - y[i];
      if (di != 0) {
        d[k] = di;
        abs[k++] = Math.abs(di);
      }
    }
    double[] r = Ranks.rank(abs);
    double v = 0;
    for (int i = 0; i < nz; i++) {
      if (d[i] > 0) {
        v += r[i];
      }
    }
    double n = nz;
    boolean ties = Ranks.hasTies(r);
    if (n < 50 && !ties && !zeroes) {
      double p = v > n * (n + 1) / 4
          ? RankDistributions.psignrank(v - 1, nz, false)
          : RankDistributions.psignrank(v, nz, true);
      // Walsh averages (d_i + d_j)/2, i <= j; CI from the signed-rank quantile
      double[] walsh = new double[nz * (nz + 1) / 2];
      int w = 0;
      for (int i = 0; i < nz; i++) {
        for (int j = i; j < nz; j++) {
          walsh[w++] = (d[i] + d[j]) / 2;
        }
      }
      java.util.Arrays.sort(walsh);
      int qu = RankDistributions.qsignrank(ALPHA / 2, nz);
      if (qu == 0) {
        qu = 1;
      }
      int ql = nz * (nz + 1) / 2 - qu;
      double achieved = 2 * RankDistributions.psignrank(qu - 1, nz, true);
      double level = achieved - ALPHA > ALPHA / 2
          // R: 1 - signif(achieved, 2), ties to even (0.125 -> 0.12)
          ? 1 - new java.math.BigDecimal(achieved).round(
              new java.math.MathContext(2, java.math.RoundingMode.HALF_EVEN)).doubleValue()
          : CONF_LEVEL;
      double est = walsh.length % 2 == 1 ? walsh[walsh.length / 2]
          : (walsh[walsh.length / 2 - 1] + walsh[walsh.length / 2]) / 2;
      return new Result(v, Math.min(2 * p, 1), nz, true, est, walsh[qu - 1], walsh[ql], level);
    }
    double z = v - n * (n + 1) / 4;
    double sigma = Math.sqrt(n * (n + 1) * (2 * n + 1) / 24 - Ranks.tieSum(r) / 48);
    z = (z - Math.signum(z) * 0.5) / sigma;
    double p = 2 * Math.min(NORMAL.cumulativeProbability(z), NORMAL.cumulativeProbability(-z));
    // CI and estimate as R: roots in d of the standardised V of (d_i - d), zeros dropped
    double mumin = java.util.Arrays.stream(d).min().getAsDouble();
    double mumax = java.util.Arrays.stream(d).max().getAsDouble();
    double wmin = shiftedZ(d, mumin, true);
    double wmax = shiftedZ(d, mumax, true);
    double alpha = ALPHA;
    for (;;) {
      double mindiff = wmin - RNormal.quantile(alpha / 2, false);
      double maxdiff = wmax - RNormal.quantile(alpha / 2, true);
      if (mindiff < 0 || maxdiff > 0) {
        alpha *= 2;
      } else {
        break;
      }
    }
    double level = (alpha >= 1 || ALPHA < alpha * 0.75) ? 1 - Math.min(1, alpha) : CONF_LEVEL;
    double lo;
    double hi;
    if (alpha < 1) {
      lo = root(d, mumin, mumax, wmin, wmax, RNormal.quantile(alpha / 2, false));
      hi = root(d, mumin, mumax, wmin, wmax, RNormal.quantile(alpha / 2, true));
    } else {
      double[] s = d.clone();
      java.util.Arrays.sort(s);
      lo = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
      hi = lo;
    }
    double est = RUniroot.solve(t -> shiftedZ(d, t, false), mumin, mumax, 1e-4);
    return new Result(v, p, nz, false, est, lo, hi, level);
  }

  private static double root(double[] d, double mumin, double mumax, double wmin, double wmax,
      double zq) {
    return RUniroot.solve(t -> shiftedZ(d, t, true) - zq, mumin, mumax, wmin - zq, wmax - zq,
        1e-4, 1000);
  }

  /** R's internal W(d): standardised signed-rank statistic of the non-zero (d_i - shift). */
  private static double shiftedZ(double[] d, double shift, boolean correct) {
    int nx = 0;
    for (double di : d) {
      if (di - shift != 0) {
        nx++;
      }
    }
    double[] xd = new double[nx];
    double[] abs = new double[nx];
    int k = 0;
    for (double di : d) {
      double v = di - shift;
      if (v != 0) {
        xd[k] = v;
        abs[k++] = Math.abs(v);
      }
    }
    double[] r = Ranks.rank(abs);
    double n = nx;
    double zd = -n * (n + 1) / 4;
    for (int i = 0; i < nx; i++) {
      if (xd[i] > 0) {
        zd += r[i];
      }
    }
    double sigma = Math.sqrt(n * (n + 1) * (2 * n + 1) / 24 - Ranks.tieSum(r) / 48);
    double corr = correct ? Math.signum(zd) * 0.5 : 0;
    return (zd - corr) / sigma;
  }
}
