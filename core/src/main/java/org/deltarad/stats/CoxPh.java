package org.deltarad.stats;

/**
 * Cox proportional-hazards model with one covariate, as R
 * {@code survival::coxph(Surv(time, status) ~ x)} with its default Efron ties: the hazard ratio
 * exp(b), its Wald 95% CI exp(b +- qnorm(0.975) se) and the Wald p, se from the observed
 * information at the maximum.
 *
 * <p>Efron's partial likelihood: at a time with d events (set D) and risk set R, with
 * {@code S_k = sum_R x^k e^(bx)} and {@code E_k = sum_D x^k e^(bx)}, each l = 0..d-1 adds
 * {@code A_k = S_k - (l/d) E_k}: score {@code sum_D x - sum_l A_1/A_0}, information
 * {@code sum_l (A_2/A_0 - (A_1/A_0)^2)}. Newton-Raphson from b = 0 with step halving until the
 * log-likelihood changes by less than 1e-9 relative (coxph's {@code eps}), at most 20
 * iterations (its {@code iter.max}). When the covariate separates the events (a group without
 * events: b runs to infinity, where coxph warns and reports a huge b) the result is NaN.
 *
 * <p>Written by hand: Commons Math has no survival analysis.
 */
public final class CoxPh {
  private static final int MAX_ITER = 20;
  private static final double EPS = 1e-9;

  /** Coefficient b, its standard error, HR = exp(b) with 95% CI, Wald p. */
  public record Result(double beta, double se, double hazardRatio, double lower, double upper,
      double pValue) {}

  private CoxPh() {}

  public static Result fit(RightCensoredSample sample, double[] x) {
    if (x.length != sample.size()) {
      throw new IllegalArgumentException("Cox model: " + x.length + " covariate values for "
          + sample.size() + " subjects");
    }
    if (separated(sample, x)) {
      return new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    int[] ord = sample.orderByTime();
    double b = 0;
    double[] cur = partial(sample, x, ord, b);
    for (int it = 0; it < MAX_ITER && cur[2] > 0; it++) {
      double step = cur[1] / cur[2];
      double[] next = partial(sample, x, ord, b + step);
      for (int half = 0; half < 30 && next[0] < cur[0]; half++) {
        step /= 2;
        next = partial(sample, x, ord, b + step);
      }
      b += step;
      boolean done = Math.abs(next[0] - cur[0]) <= EPS * Math.abs(next[0]);
      cur = next;
      if (done) {
        break;
      }
    }
    double se = 1 / Math.sqrt(cur[2]);
    double z = TimeDependentRoc.Z975;
    double p = 2 * (1 - new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1)
        .cumulativeProbability(Math.abs(b / se)));
    return new Result(b, se, Math.exp(b), Math.exp(b - z * se), Math.exp(b + z * se), p);
  }

  /**
   * True when the covariate does not vary, or every event happens at the covariate's extreme
   * in a way no finite b can fit: all events in the subjects with the largest (or smallest) x
   * among their risk sets, with a binary x meaning one group has no events.
   */
  private static boolean separated(RightCensoredSample s, double[] x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (lo == hi || s.eventCount() == 0) {
      return true;
    }
    boolean binary = true;
    int eventsLo = 0;
    int eventsHi = 0;
    for (int i = 0; i < x.length; i++) {
      binary &= x[i] == lo || x[i] == hi;
      if (s.event(i) == 1) {
        eventsLo += x[i] == lo ? 1 : 0;
        eventsHi += x[i] == hi ? 1 : 0;
      }
    }
    return binary && (eventsLo == 0 || eventsHi == 0);
  }

  /** {log partial likelihood, score, information} at b (Efron). */
  private static double[] partial(RightCensoredSample s, double[] x, int[] ord, double b) {
    int n = ord.length;
    // risk-set sums over subjects with time >= t: accumulate from the latest time down
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double ll = 0;
    double u = 0;
    double info = 0;
    int r = n - 1;
    while (r >= 0) {
      double t = s.time(ord[r]);
      double e0 = 0;
      double e1 = 0;
      double e2 = 0;
      int d = 0;
      double sumX = 0;
      int k = r;
      for (; k >= 0 && s.time(ord[k]) == t; k--) {
        int i = ord[k];
        double w = Math.exp(b * x[i]);
        s0 += w;
        s1 += x[i] * w;
        s2 += x[i] * x[i] * w;
        if (s.event(i) == 1) {
          d++;
          e0 += w;
          e1 += x[i] * w;
          e2 += x[i] * x[i] * w;
          sumX += x[i];
        }
      }
      ll += b * sumX;
      u += sumX;
      for (int l = 0; l < d; l++) {
        double f = (double) l / d;
        double a0 = s0 - f * e0;
        double a1 = s1 - f * e1;
        double a2 = s2 - f * e2;
        ll -= Math.log(a0);
        u -= a1 / a0;
        info += a2 / a0 - (a1 / a0) * (a1 / a0);
      }
      r = k;
    }
    return new double[] {ll, u, info};
  }
}
