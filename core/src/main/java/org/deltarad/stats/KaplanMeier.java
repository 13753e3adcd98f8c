package org.deltarad.stats;

/**
 * Kaplan-Meier survival curve with Greenwood standard error and log-transformed 95% confidence
 * interval, as R {@code survival::survfit(Surv(time, status) ~ 1, conf.type = "log")}:
 * S(t) = prod_{u <= t} (1 - d_u / n_u); std.err(t) = sqrt(sum_{u <= t} d_u / (n_u (n_u - d_u)))
 * (the SE of log S, Inf once S reaches 0); CI = S exp(+-z std.err), upper capped at 1, undefined
 * (NaN) where S = 0. The rows are the distinct observed times, censored ones included.
 *
 * <p>The median and its CI follow {@code quantile.survfit}: the first time the curve (or its
 * lower/upper band) drops to 0.5; where it stays at exactly 0.5 (within sqrt(machine eps)) the
 * midpoint to the next drop, and NaN if it never reaches 0.5. Times are compared exactly (R's
 * {@code aeqSurv} merging of times within rounding error is not done).
 *
 * <p>Written by hand: Commons Math has no survival analysis.
 */
public final class KaplanMeier {
  /** qnorm(0.975). */
  private static final double Z = TimeDependentRoc.Z975;
  /** quantile.survfit's default tolerance, sqrt(.Machine$double.eps). */
  private static final double TOL = Math.sqrt(Math.ulp(1.0));

  private final double[] time;
  private final int[] nRisk;
  private final int[] nEvent;
  private final int[] nCensor;
  private final double[] surv;
  private final double[] stdErr;
  private final double[] lower;
  private final double[] upper;
  private final double[] allTimes;

  private KaplanMeier(double[] time, int[] nRisk, int[] nEvent, int[] nCensor, double[] surv,
      double[] stdErr, double[] lower, double[] upper, double[] allTimes) {
    this.time = time;
    this.nRisk = nRisk;
    this.nEvent = nEvent;
    this.nCensor = nCensor;
    this.surv = surv;
    this.stdErr = stdErr;
    this.lower = lower;
    this.upper = upper;
    this.allTimes = allTimes;
  }

  public static KaplanMeier fit(RightCensoredSample sample) {
    int n = sample.size();
    int[] ord = sample.orderByTime();
    double[] t = new double[n];
    int[] d = new int[n];
    for (int r = 0; r < n; r++) {
      t[r] = sample.time(ord[r]);
      d[r] = sample.event(ord[r]);
    }
    int m = 0;
    for (int r = 0; r < n; r++) {
      if (r == 0 || t[r] != t[r - 1]) {
        m++;
      }
    }
    double[] time = new double[m];
    int[] nRisk = new int[m];
    int[] nEvent = new int[m];
    int[] nCensor = new int[m];
    double[] surv = new double[m];
    double[] se = new double[m];
    double[] lo = new double[m];
    double[] hi = new double[m];
    double s = 1.0;
    double greenwood = 0.0;
    int k = 0;
    for (int r = 0; r < n; ) {
      int end = r;
      int dead = 0;
      while (end < n && t[end] == t[r]) {
        dead += d[end];
        end++;
      }
      int atRisk = n - r;
      s *= 1 - (double) dead / atRisk;
      if (dead > 0) {
        greenwood += atRisk == dead ? Double.POSITIVE_INFINITY
            : (double) dead / ((double) atRisk * (atRisk - dead));
      }
      time[k] = t[r];
      nRisk[k] = atRisk;
      nEvent[k] = dead;
      nCensor[k] = end - r - dead;
      surv[k] = s;
      se[k] = Math.sqrt(greenwood);
      if (s > 0) {
        lo[k] = Math.exp(Math.log(s) - Z * se[k]);
        hi[k] = Math.min(1.0, Math.exp(Math.log(s) + Z * se[k]));
      } else {
        lo[k] = Double.NaN;
        hi[k] = Double.NaN;
      }
      k++;
      r = end;
    }
    return new KaplanMeier(time, nRisk, nEvent, nCensor, surv, se, lo, hi, t);
  }

  /** Distinct observed times (event or censoring), ascending. */
  public double[] time() { return time.clone(); }

  public int[] nRisk() { return nRisk.clone(); }

  public int[] nEvent() { return nEvent.clone(); }

  public int[] nCensor() { return nCensor.clone(); }

  public double[] survival() { return surv.clone(); }

  /** Greenwood standard error of log S (survfit's std.err). */
  public double[] stdErr() { return stdErr.clone(); }

  public double[] lower() { return lower.clone(); }

  public double[] upper() { return upper.clone(); }

  /** S(t): the curve at the last observed time <= t (1 before the first). */
  public double survivalAt(double t) {
    int k = lastAtOrBefore(t);
    return k < 0 ? 1.0 : surv[k];
  }

  /** Number at risk at t, #(T >= t), as summary(fit, times = t, extend = TRUE)$n.risk. */
  public int nRiskAt(double t) {
    int lo = 0;
    int hi = allTimes.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (allTimes[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return allTimes.length - lo;
  }

  /** Median survival time (NaN if the curve does not reach 0.5). */
  public double median() {
    return quantileOf(surv, 0.5);
  }

  /** Lower 95% limit of the median (from the lower band). */
  public double medianLower() {
    return quantileOf(lower, 0.5);
  }

  /** Upper 95% limit of the median (from the upper band; often NaN). */
  public double medianUpper() {
    return quantileOf(upper, 0.5);
  }

  private int lastAtOrBefore(double t) {
    int k = -1;
    for (int i = 0; i < time.length && time[i] <= t; i++) {
      k = i;
    }
    return k;
  }

  /**
   * quantile.survfit's findq on the points (0, 0), (time_i, 1 - curve_i): the average of the
   * first times where F >= p - tol and F >= p + tol (first occurrence of each F level).
   */
  private double quantileOf(double[] curve, double p) {
    int m = time.length;
    double[] x = new double[m + 1];
    double[] y = new double[m + 1];
    x[0] = 0.0;
    y[0] = 0.0;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < m; i++) {
      x[i + 1] = time[i];
      y[i + 1] = 1 - curve[i];
      if (!Double.isNaN(y[i + 1])) {
        max = Math.max(max, y[i + 1]);
      }
    }
    if (max < p) {
      return Double.NaN;
    }
    double xmax = x[m];
    // drop repeated F levels (R's duplicated(), NaN equal to NaN), keeping the first
    double[] ux = new double[m + 1];
    double[] uy = new double[m + 1];
    int u = 0;
    for (int i = 0; i <= m; i++) {
      boolean dup = false;
      for (int j = 0; j < u && !dup; j++) {
        dup = Double.isNaN(y[i]) ? Double.isNaN(uy[j]) : uy[j] == y[i];
      }
      if (!dup) {
        ux[u] = x[i];
        uy[u] = y[i];
        u++;
      }
    }
    int i1 = firstAtLeast(uy, u, TOL, p);
    int i2 = firstAtLeast(uy, u, -TOL, p);
    double q = (i1 < 0 || i2 < 0) ? Double.NaN : (ux[i1] + ux[i2]) / 2;
    if (!Double.isNaN(uy[u - 1]) && Math.abs(p - uy[u - 1]) < TOL) {
      q = i1 < 0 ? Double.NaN : (ux[i1] + xmax) / 2;
    }
    return q;
  }

  /** approx(y + shift, 1:n, p, "constant", f = 1): first index with y + shift >= p, or -1. */
  private static int firstAtLeast(double[] y, int u, double shift, double p) {
    double lowest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < u; i++) {
      if (!Double.isNaN(y[i])) {
        lowest = Math.min(lowest, y[i] + shift);
      }
    }
    if (p < lowest) {
      return -1;
    }
    for (int i = 0; i < u; i++) {
      if (!Double.isNaN(y[i]) && y[i] + shift >= p) {
        return i;
      }
    }
    return -1;
  }
}
