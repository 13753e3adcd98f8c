package org.deltarad.stats;

/**
 * Sample quantiles of type 7 (R's default {@code quantile(x, p)}, numpy's default "linear"):
 * linear interpolation between order statistics at position {@code h = (n - 1) p}. The one
 * quantile of DeltaRad: medians and IQRs of the tables, follow-up bins of the split, box plots.
 */
public final class Quantiles {
  private Quantiles() {}

  /** Type-7 quantile of ascending {@code sorted} at probability p in [0, 1]. */
  public static double type7(double[] sorted, double p) {
    return atPosition(sorted, (sorted.length - 1) * p);
  }

  /**
   * The interpolated order statistic at zero-based position h: {@code x[lo] + (h - lo)(x[lo+1]
   * - x[lo])}, lo = floor(h). For callers that compute h themselves (e.g. {@code (n-1) k / m}
   * rounded as numpy rounds it).
   */
  public static double atPosition(double[] sorted, double h) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /** Type-7 quantile of unsorted values (sorted on a copy); NaN for no values. */
  public static double ofUnsorted(double[] values, double p) {
    double[] s = values.clone();
    java.util.Arrays.sort(s);
    return type7(s, p);
  }
}
